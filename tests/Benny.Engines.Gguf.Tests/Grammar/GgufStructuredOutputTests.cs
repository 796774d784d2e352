using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Benny.Engines.Gguf.Tests.Support;
using Json.Schema;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Tests.Grammar;

/// <summary>
/// Structured output end to end on a random-weight model with the real qwen2 vocabulary (151,936 tokens): JSON schema
/// response formats, M.E.AI's typed <c>GetResponseAsync&lt;T&gt;</c>, and the property test over generated schemas, each
/// answer checked by an independent validator (JsonSchema.Net). Random weights make the content random: only the
/// shape is checked, which is exactly what the grammar promises.
/// </summary>
public class GgufStructuredOutputTests
{
    private static readonly EvaluationOptions Validation = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.List };

    private string _folder = "";
    private GgufChatClient _client = null!;

    [OneTimeSetUp]
    public async Task LoadModel()
    {
        _folder = Directory.CreateTempSubdirectory("benny-schema-").FullName;
        string path = TinyQwen2Model.Build(Path.Combine(_folder, "tiny-qwen2.gguf"));
        _client = await GgufChatClient.LoadAsync(path, new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 512 });
    }

    [OneTimeTearDown]
    public void Unload()
    {
        _client.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task GetResponseAsync_GeneratedSchemas_EveryFinishedAnswerValidates()
    {
        const int Schemas = 200;
        var generator = new SchemaGenerator(seed: 2026);
        var failures = new List<string>();
        int finished = 0;
        int validated = 0;
        var finishedByKind = new Dictionary<string, int>();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < Schemas; i++)
        {
            string kind = SchemaGenerator.Kinds[i % SchemaGenerator.Kinds.Length];
            JsonObject schemaNode = generator.Next(kind);
            string schemaText = schemaNode.ToJsonString();
            var options = new ChatOptions
            {
                ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(schemaText).RootElement, "answer"),
                Temperature = 1f, Seed = i, MaxOutputTokens = 32,
            };

            ChatResponse response = await _client.GetResponseAsync("Answer in JSON.", options);
            if (response.FinishReason != ChatFinishReason.Stop)
            {
                continue;
            }

            finished++;
            finishedByKind[kind] = finishedByKind.GetValueOrDefault(kind) + 1;
            string? problem = Validate(schemaText, response.Text);
            if (problem is null)
            {
                validated++;
            }
            else
            {
                failures.Add($"#{i} ({kind}) {problem}\n  schema: {schemaText}\n  answer: {response.Text}");
            }
        }

        TestContext.Out.WriteLine($"{Schemas} schemas, {finished} finished (Stop), {validated} validated, {watch.Elapsed.TotalSeconds:0.0} s");
        TestContext.Out.WriteLine("finished by root kind: " + string.Join(", ", SchemaGenerator.Kinds.Select(k => $"{k} {finishedByKind.GetValueOrDefault(k)}")));
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(finished, Is.GreaterThanOrEqualTo(Schemas / 2), "most answers should finish within 32 tokens; otherwise the test checks little");
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public async Task GetResponseAsync_GreedyCheckFirst_EqualsGrammarFirst(int prompt)
    {
        string[] prompts = ["Answer in JSON.", "Describe a ticket.", "{"];
        const string Schema = """
            {"type":"object","properties":{"name":{"type":"string","maxLength":8},"n":{"type":"integer","minimum":-5,"maximum":300},
            "color":{"enum":["red","green"]},"list":{"type":"array","items":{"type":"boolean"},"maxItems":3},"note":{"type":["string","null"]}},
            "required":["name","n","color","list"],"additionalProperties":false}
            """;
        foreach (ChatResponseFormat format in new[] { ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(Schema).RootElement), ChatResponseFormat.Json })
        {
            ChatResponse checkFirst = await _client.GetResponseAsync(prompts[prompt], new ChatOptions { ResponseFormat = format, Temperature = 0, MaxOutputTokens = 40 });
            ChatResponse grammarFirst = await _client.GetResponseAsync(prompts[prompt], new ChatOptions { ResponseFormat = format, Temperature = 0, MaxOutputTokens = 40 }.WithGrammarFirst(true));

            Assert.That(checkFirst.Text, Is.EqualTo(grammarFirst.Text));
            Assert.That(checkFirst.Usage?.OutputTokenCount, Is.EqualTo(grammarFirst.Usage?.OutputTokenCount));
            Assert.That(checkFirst.Text, Does.StartWith(format.Equals(ChatResponseFormat.Json) ? "" : "{"));
        }
    }

    [Test]
    public async Task GetResponseAsyncOfT_NestedRecord_DeserializesWithEveryValueInItsSchema()
    {
        int finished = 0;
        for (int seed = 0; seed < 3; seed++)
        {
            ChatResponse<Ticket> response = await _client.GetResponseAsync<Ticket>("Create a ticket.", options: new ChatOptions { Temperature = 1f, Seed = seed, MaxOutputTokens = 160 });
            if (response.FinishReason != ChatFinishReason.Stop)
            {
                continue;
            }

            finished++;
            Assert.That(response.TryGetResult(out Ticket? ticket), Is.True, response.Text);
            Assert.That(ticket!.Title, Has.Length.LessThanOrEqualTo(6));
            Assert.That(Enum.IsDefined(ticket.Priority), Is.True);
            Assert.That(ticket.Address.City, Has.Length.LessThanOrEqualTo(5));
            Assert.That(ticket.Address.Zip, Is.InRange(1000, 9999));
            Assert.That(ticket.Related, Has.Length.LessThanOrEqualTo(2).And.All.Matches<TicketPriority>(Enum.IsDefined));
            Assert.That(ticket.Id.ToString("D"), Is.EqualTo(JsonDocument.Parse(response.Text).RootElement.GetProperty("id").GetString()!.ToLowerInvariant()));
        }

        TestContext.Out.WriteLine($"{finished} of 3 finished");
        Assert.That(finished, Is.GreaterThan(0), "no answer finished within 160 tokens: nothing was checked");
    }

    [Test]
    public async Task GetResponseAsyncOfT_ArrayEnumAndPrimitive_AreUnwrappedFromTheDataObject()
    {
        // M.E.AI wraps a non-object schema in {"data": ...}; the grammar must produce that wrapper for the result to parse.
        var finished = new Dictionary<string, int>();
        for (int seed = 0; seed < 4; seed++)
        {
            var options = new ChatOptions { Temperature = 1f, Seed = seed, MaxOutputTokens = 48 };
            ChatResponse<TicketPriority[]> array = await _client.GetResponseAsync<TicketPriority[]>("List priorities.", options: options);
            ChatResponse<TicketPriority> single = await _client.GetResponseAsync<TicketPriority>("Pick a priority.", options: options);
            ChatResponse<int> number = await _client.GetResponseAsync<int>("Pick a number.", options: options);
            ChatResponse<bool> flag = await _client.GetResponseAsync<bool>("Yes or no?", options: options);

            if (array.FinishReason == ChatFinishReason.Stop)
            {
                finished["array"] = finished.GetValueOrDefault("array") + 1;
                Assert.That(array.TryGetResult(out TicketPriority[]? values), Is.True, array.Text);
                Assert.That(values, Has.All.Matches<TicketPriority>(Enum.IsDefined));
            }

            if (single.FinishReason == ChatFinishReason.Stop)
            {
                finished["enum"] = finished.GetValueOrDefault("enum") + 1;
                Assert.That(single.TryGetResult(out TicketPriority value) && Enum.IsDefined(value), Is.True, single.Text);
            }

            if (number.FinishReason == ChatFinishReason.Stop && long.Parse(JsonDocument.Parse(number.Text).RootElement.GetProperty("data").GetRawText(), System.Globalization.CultureInfo.InvariantCulture) is >= int.MinValue and <= int.MaxValue)
            {
                finished["int"] = finished.GetValueOrDefault("int") + 1;
                Assert.That(number.TryGetResult(out _), Is.True, number.Text);
            }

            if (flag.FinishReason == ChatFinishReason.Stop)
            {
                finished["bool"] = finished.GetValueOrDefault("bool") + 1;
                Assert.That(flag.TryGetResult(out _), Is.True, flag.Text);
            }
        }

        TestContext.Out.WriteLine("finished: " + string.Join(", ", finished.Select(f => $"{f.Key} {f.Value}")));
        Assert.That(finished.Keys, Is.EquivalentTo(new[] { "array", "enum", "int", "bool" }), "each shape finished at least once");
    }

    [Test]
    public void GetResponseAsync_UnsupportedSchemaKeyword_ThrowsBeforeGenerating()
    {
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"string","pattern":"^[a-z]+$"}""").RootElement) };

        Assert.That(() => _client.GetResponseAsync("x", options), Throws.TypeOf<Benny.Engines.Gguf.Grammar.JsonSchemaNotSupportedException>().With.Message.Contains("'pattern'"));
    }

    /// <summary>Why <paramref name="answer"/> is not valid against <paramref name="schemaText"/>, or null when it is.</summary>
    private static string? Validate(string schemaText, string answer)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(answer);
        }
        catch (JsonException e)
        {
            return "not JSON: " + e.Message;
        }

        using (document)
        {
            JsonSchema schema = JsonSchema.FromText(schemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012 });
            EvaluationResults results = schema.Evaluate(document.RootElement, Validation);
            return results.IsValid
                ? null
                : "invalid: " + string.Join("; ", (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}")));
        }
    }
}
