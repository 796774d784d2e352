using Benny.Engines.Gguf.Inference;
using Benny.Runtime.Presets;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Tests.Inference;

public class GgufOptionsMapperTests
{
    [Test]
    public void Map_NoOptions_UsesLlamaCppDefaults()
    {
        GenerationRequest request = GgufOptionsMapper.Map(null);

        Assert.That(request.Sampler, Is.EqualTo(new SamplerSettings { Temperature = 0.8f, TopK = 40, TopP = 0.95f, MinP = 0.05f }));
        Assert.That(request.MaxOutputTokens, Is.Null);
        Assert.That(request.StopSequences, Is.Empty);
    }

    [Test]
    public void Map_TemperatureZero_IsGreedy()
    {
        Assert.That(GgufOptionsMapper.Map(new ChatOptions { Temperature = 0 }).Sampler.Greedy, Is.True);
        Assert.That(GgufOptionsMapper.Map(new ChatOptions { Temperature = 0.01f }).Sampler.Greedy, Is.False);
    }

    [Test]
    public void Map_EveryParameter_ReachesTheSampler()
    {
        var options = new ChatOptions
        {
            Temperature = 0.3f, TopP = 0.9f, TopK = 7, FrequencyPenalty = 0.2f, PresencePenalty = 0.1f, Seed = 42,
            MaxOutputTokens = 9, StopSequences = ["\n", ""],
        }.WithMinP(0.1f).WithRepetitionPenalty(1.1f);

        GenerationRequest request = GgufOptionsMapper.Map(options);

        Assert.That(request.Sampler, Is.EqualTo(new SamplerSettings
        {
            Temperature = 0.3f, TopP = 0.9f, TopK = 7, MinP = 0.1f, RepetitionPenalty = 1.1f, FrequencyPenalty = 0.2f, PresencePenalty = 0.1f, Seed = 42,
        }));
        Assert.That(request.Sampler.HasPenalties, Is.True);
        Assert.That(request.MaxOutputTokens, Is.EqualTo(9));
        Assert.That(request.StopSequences, Is.EqualTo(new[] { "\n" }), "empty stop sequences are dropped");
    }

    [TestCase(null, uint.MaxValue)]
    [TestCase(-1L, uint.MaxValue)]
    [TestCase(0L, 0u)]
    [TestCase(4294967295L, 0u)]
    [TestCase(4294967296L, 1u)]
    public void MapSeed_MapsIntoLlamaCppsRange(long? seed, uint expected)
    {
        Assert.That(GgufOptionsMapper.MapSeed(seed), Is.EqualTo(expected));
    }

    [Test]
    public void Map_JsonResponseFormatOrGrammar_SetsAGrammar()
    {
        Assert.That(GgufOptionsMapper.Map(new ChatOptions { ResponseFormat = ChatResponseFormat.Json }).Sampler.Grammar, Is.EqualTo(GgufOptionsMapper.JsonGrammar));
        Assert.That(GgufOptionsMapper.Map(new ChatOptions().WithGrammar("root ::= \"yes\" | \"no\"")).Sampler.Grammar, Is.EqualTo("root ::= \"yes\" | \"no\""));
        Assert.That(GgufOptionsMapper.Map(new ChatOptions { ResponseFormat = ChatResponseFormat.Text }).Sampler.Grammar, Is.Null);
    }

    [Test]
    public void Map_OutOfRangeValues_Throw()
    {
        Assert.That(() => GgufOptionsMapper.Map(new ChatOptions { Temperature = -0.1f }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Temperature"));
        Assert.That(() => GgufOptionsMapper.Map(new ChatOptions { TopP = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("TopP"));
        Assert.That(() => GgufOptionsMapper.Map(new ChatOptions { TopK = -1 }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("TopK"));
        Assert.That(() => GgufOptionsMapper.Map(new ChatOptions { MaxOutputTokens = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("MaxOutputTokens"));
        Assert.That(() => GgufOptionsMapper.Map(new ChatOptions { PresencePenalty = float.NaN }), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Map_ValuesTheSharedRangeTableRejects_ThrowNamingTheRange()
    {
        Assert.That(() => GgufOptionsMapper.Map(new ChatOptions { Temperature = 9 }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.StartsWith("ChatOptions.Temperature is 9; it must be in [0, 2] (0 = greedy)."));
        Assert.That(() => GgufOptionsMapper.Map(new ChatOptions { PresencePenalty = 3 }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("[-2, 2]"));
        Assert.That(() => GgufOptionsMapper.Map(new ChatOptions { AdditionalProperties = new() { [GenerationChatOptionsExtensions.MinPKey] = 1.5f } }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("[0, 1]"));
        Assert.That(() => GgufOptionsMapper.Map(new ChatOptions { AdditionalProperties = new() { [GenerationChatOptionsExtensions.RepetitionPenaltyKey] = 0f } }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("more than 0"));
    }

    [Test]
    public void Map_ToolsOnAModelWithoutToolCallFormat_AreRefusedNotIgnored()
    {
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")] };

        Assert.That(() => GgufOptionsMapper.Map(options), Throws.TypeOf<NotSupportedException>().With.Message.Contains("Tools"));
    }

    [Test]
    public void Supported_IsEveryPresetParameter()
    {
        Assert.That(GgufOptionsMapper.Supported, Is.EqualTo(GenerationParameters.All));
    }

    [Test]
    public void Map_JsonSchemaResponseFormat_CompilesTheSchemaIntoTheGrammar()
    {
        const string Schema = """{"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"],"additionalProperties":false}""";
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(System.Text.Json.JsonDocument.Parse(Schema).RootElement, "answer") };

        string? grammar = GgufOptionsMapper.Map(options).Sampler.Grammar;

        Assert.That(grammar, Is.EqualTo(Benny.Engines.Gguf.Grammar.JsonSchemaGrammar.Compile(Schema)));
        Assert.That(grammar, Is.Not.EqualTo(GgufOptionsMapper.JsonGrammar));
    }

    [Test]
    public void Map_ExplicitGrammarAndJsonSchema_TheExplicitGrammarWins()
    {
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(System.Text.Json.JsonDocument.Parse("""{"type":"string","pattern":"x"}""").RootElement) }.WithGrammar("root ::= \"x\"");

        Assert.That(GgufOptionsMapper.Map(options).Sampler.Grammar, Is.EqualTo("root ::= \"x\""), "the explicit grammar wins, and the schema is not even compiled");
    }

    [Test]
    public void Map_UnsupportedOrMalformedSchema_Throws()
    {
        static ChatOptions With(string schema) => new() { ResponseFormat = ChatResponseFormat.ForJsonSchema(System.Text.Json.JsonDocument.Parse(schema).RootElement) };

        Assert.That(() => GgufOptionsMapper.Map(With("""{"type":"string","pattern":"x"}""")), Throws.TypeOf<Benny.Engines.Gguf.Grammar.JsonSchemaNotSupportedException>().With.Message.Contains("'pattern' at '#/pattern'"));
        Assert.That(() => GgufOptionsMapper.Map(With("""{"type":"integer","minimum":5,"maximum":1}""")), Throws.ArgumentException);
    }

    [Test]
    public void Map_GrammarFirst_ReachesTheSamplerAndDefaultsToCheckFirst()
    {
        Assert.That(GgufOptionsMapper.Map(new ChatOptions { ResponseFormat = ChatResponseFormat.Json }).Sampler.GrammarFirst, Is.False);
        Assert.That(GgufOptionsMapper.Map(new ChatOptions { ResponseFormat = ChatResponseFormat.Json }.WithGrammarFirst(true)).Sampler.GrammarFirst, Is.True);
        Assert.That(GgufOptionsMapper.Map(new ChatOptions().WithGrammarFirst(true).WithGrammarFirst(null)).Sampler.GrammarFirst, Is.False);
        var wrong = new ChatOptions { AdditionalProperties = new() { [GgufChatOptionsExtensions.GrammarFirstKey] = "yes" } };
        Assert.That(() => GgufOptionsMapper.Map(wrong), Throws.InvalidOperationException);
    }
}
