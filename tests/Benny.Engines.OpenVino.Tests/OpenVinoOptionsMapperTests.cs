using Benny.Engines.OpenVino.Native;
using Benny.Runtime.Presets;
using Microsoft.Extensions.AI;

namespace Benny.Engines.OpenVino.Tests;

public class OpenVinoOptionsMapperTests
{
    [Test]
    public void Map_NullOptions_LeavesEveryModelDefault()
    {
        GenAiGenerationSettings settings = OpenVinoOptionsMapper.Map(null);

        Assert.That(settings, Is.EqualTo(new GenAiGenerationSettings { StopStrings = settings.StopStrings }));
        Assert.That(settings.StopStrings, Is.Empty);
    }

    [Test]
    public void Map_EmptyOptions_LeavesEveryModelDefault()
    {
        GenAiGenerationSettings settings = OpenVinoOptionsMapper.Map(new ChatOptions());

        Assert.That((settings.DoSample, settings.Temperature, settings.TopP, settings.TopK, settings.MinP, settings.RepetitionPenalty, settings.MaxNewTokens, settings.Seed),
            Is.EqualTo(((bool?)null, (float?)null, (float?)null, (int?)null, (float?)null, (float?)null, (int?)null, (ulong?)null)));
    }

    [Test]
    public void Map_TemperatureZero_IsGreedyWithoutTemperature()
    {
        GenAiGenerationSettings settings = OpenVinoOptionsMapper.Map(new ChatOptions { Temperature = 0 });

        Assert.That(settings.DoSample, Is.False);
        Assert.That(settings.Temperature, Is.Null, "GenAI rejects temperature 0 with sampling on, so none is sent");
    }

    [Test]
    public void Map_PositiveTemperature_SamplesWithIt()
    {
        GenAiGenerationSettings settings = OpenVinoOptionsMapper.Map(new ChatOptions { Temperature = 0.7f });

        Assert.That((settings.DoSample, settings.Temperature), Is.EqualTo(((bool?)true, (float?)0.7f)));
    }

    [Test]
    public void Map_UnsetTemperature_LeavesSamplingToTheModel()
    {
        GenAiGenerationSettings settings = OpenVinoOptionsMapper.Map(new ChatOptions { TopP = 0.9f });

        Assert.That((settings.DoSample, settings.Temperature), Is.EqualTo(((bool?)null, (float?)null)));
    }

    [Test]
    public void Map_EveryParameter_IsCarried()
    {
        var options = new ChatOptions
        {
            Temperature = 0.2f, TopP = 0.9f, TopK = 40, PresencePenalty = 0.5f, FrequencyPenalty = -0.5f,
            MaxOutputTokens = 128, Seed = 42, StopSequences = ["</s>", "\n\n"],
        }.WithMinP(0.05f).WithRepetitionPenalty(1.1f);

        GenAiGenerationSettings settings = OpenVinoOptionsMapper.Map(options);

        Assert.Multiple(() =>
        {
            Assert.That(settings.TopP, Is.EqualTo(0.9f));
            Assert.That(settings.TopK, Is.EqualTo(40));
            Assert.That(settings.MinP, Is.EqualTo(0.05f));
            Assert.That(settings.RepetitionPenalty, Is.EqualTo(1.1f));
            Assert.That(settings.PresencePenalty, Is.EqualTo(0.5f));
            Assert.That(settings.FrequencyPenalty, Is.EqualTo(-0.5f));
            Assert.That(settings.MaxNewTokens, Is.EqualTo(128));
            Assert.That(settings.Seed, Is.EqualTo(42UL));
            Assert.That(settings.StopStrings, Is.EqualTo(new[] { "</s>", "\n\n" }));
        });
    }

    [Test]
    public void Map_TopKZero_MeansEveryToken()
        => Assert.That(OpenVinoOptionsMapper.Map(new ChatOptions { TopK = 0 }).TopK, Is.EqualTo(int.MaxValue));

    [Test]
    public void Map_NegativeSeed_IsRandom()
        => Assert.That(OpenVinoOptionsMapper.Map(new ChatOptions { Seed = -1 }).Seed, Is.Null);

    [Test]
    public void Map_EmptyAndDuplicateStopSequences_AreDropped()
        => Assert.That(OpenVinoOptionsMapper.Map(new ChatOptions { StopSequences = ["", "END", "END"] }).StopStrings, Is.EqualTo(new[] { "END" }));

    private static IEnumerable<TestCaseData> OutOfRange()
    {
        yield return new TestCaseData(new ChatOptions { Temperature = -0.1f }).SetName("Map_NegativeTemperature_Throws");
        yield return new TestCaseData(new ChatOptions { Temperature = float.NaN }).SetName("Map_NaNTemperature_Throws");
        yield return new TestCaseData(new ChatOptions { TopP = 0 }).SetName("Map_TopPZero_Throws");
        yield return new TestCaseData(new ChatOptions { TopP = 1.5f }).SetName("Map_TopPAboveOne_Throws");
        yield return new TestCaseData(new ChatOptions { TopK = -1 }).SetName("Map_NegativeTopK_Throws");
        yield return new TestCaseData(new ChatOptions { AdditionalProperties = new() { [GenerationChatOptionsExtensions.MinPKey] = 1.5f } }).SetName("Map_MinPAboveOne_Throws");
        yield return new TestCaseData(new ChatOptions { AdditionalProperties = new() { [GenerationChatOptionsExtensions.RepetitionPenaltyKey] = 0f } }).SetName("Map_RepetitionPenaltyZero_Throws");
        yield return new TestCaseData(new ChatOptions { PresencePenalty = 2.5f }).SetName("Map_PresencePenaltyAboveTwo_Throws");
        yield return new TestCaseData(new ChatOptions { FrequencyPenalty = -3f }).SetName("Map_FrequencyPenaltyBelowMinusTwo_Throws");
        yield return new TestCaseData(new ChatOptions { MaxOutputTokens = 0 }).SetName("Map_MaxOutputTokensZero_Throws");
        yield return new TestCaseData(new ChatOptions { Temperature = 9 }).SetName("Map_TemperatureAboveTwo_Throws");
    }

    [TestCaseSource(nameof(OutOfRange))]
    public void Map_OutOfRangeValue_ThrowsArgumentOutOfRange(ChatOptions options)
        => Assert.That(() => OpenVinoOptionsMapper.Map(options), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void Map_Tools_ThrowsNotSupported()
    {
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => 42, "answer")] };

        Assert.That(() => OpenVinoOptionsMapper.Map(options), Throws.TypeOf<NotSupportedException>().With.Message.Contains("Tools"));
    }

    [Test]
    public void Map_JsonResponseFormat_ThrowsNotSupported()
        => Assert.That(() => OpenVinoOptionsMapper.Map(new ChatOptions { ResponseFormat = ChatResponseFormat.Json }), Throws.TypeOf<NotSupportedException>());

    [Test]
    public void Map_TextResponseFormat_IsAccepted()
        => Assert.That(() => OpenVinoOptionsMapper.Map(new ChatOptions { ResponseFormat = ChatResponseFormat.Text }), Throws.Nothing);

    [Test]
    public void Supported_IsEveryGenerationParameter()
        => Assert.That(OpenVinoOptionsMapper.Supported, Is.EqualTo(GenerationParameters.All));
}
