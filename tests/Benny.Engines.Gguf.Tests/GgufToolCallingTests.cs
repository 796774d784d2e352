using System.Text;
using Benny.Engines.Gguf.Format;
using Benny.Engines.Gguf.Tests.Support;
using Benny.Runtime.Templates.ToolCalling;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Tests;

/// <summary>
/// Tool calling end to end on synthetic models with real tokenizers and real chat templates (no trained chat model can be
/// had here): a required call is forced by the grammar, parsed into a FunctionCallContent, run by M.E.AI's
/// FunctionInvokingChatClient, its result rendered back by the template, and the next turn answers with text.
/// </summary>
public class GgufToolCallingTests
{
    private static readonly GgufEngineOptions Cpu = new() { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 2048 };
    private string _folder = "";

    /// <summary>The tool's argument is an enum, so a random-weight model finishes the call in a few tokens.</summary>
    public enum City
    {
        Oslo,
        Rome,
        Lima,
    }

    [OneTimeSetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("benny-tools-").FullName;

    [OneTimeTearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestCase("Qwen-Qwen2.5-7B-Instruct.jinja", "ggml-vocab-qwen2.gguf", ToolCallFormat.Hermes, "<tool_response>")]
    [TestCase("meta-llama-Llama-3.2-3B-Instruct.jinja", "ggml-vocab-llama-bpe.gguf", ToolCallFormat.Llama3Json, "<|start_header_id|>ipython<|end_header_id|>")]
    public async Task UseFunctionInvocation_RequiredCall_RoundTripsAndTheNextTurnIsText(string template, string vocabulary, ToolCallFormat format, string resultMarker)
    {
        using GgufChatClient model = await GgufChatClient.LoadAsync(Build(template, vocabulary), Cpu);
        var recorder = new RecordingChatClient(model);
        int calls = 0;
        City? asked = null;
        AIFunction weather = AIFunctionFactory.Create((City city) => { calls++; asked = city; return $"{city}: 21 degrees and sunny"; }, "get_weather", "Gets the current weather in a city.");
        using IChatClient agent = new ChatClientBuilder(recorder).UseFunctionInvocation().Build();

        ChatResponse response = await agent.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "What is the weather in Oslo?")],
            new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.RequireAny, AllowMultipleToolCalls = false, Temperature = 0.8f, Seed = 1, MaxOutputTokens = 64 });

        Assert.That(ToolCallFormatDetector.Detect(model.Info.ChatTemplate!), Is.EqualTo(format));
        Assert.That(calls, Is.EqualTo(1), "the forced call ran once; the next turn (ToolMode reset to Auto by the invoker) answered with text");
        Assert.That(asked, Is.Not.Null);
        FunctionCallContent call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        Assert.That((call.Name, call.Exception), Is.EqualTo(("get_weather", (Exception?)null)));
        Assert.That(call.CallId, Is.Not.Empty);
        Assert.That(response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single().CallId, Is.EqualTo(call.CallId));
        Assert.That(response.Messages[^1].Role, Is.EqualTo(ChatRole.Assistant));
        Assert.That(response.Text, Is.Not.Empty, "the last turn is text");
        Assert.That(response.Text, Does.Not.Contain("<tool_call>").And.Not.Contain("\"name\": \"get_weather\""));

        Assert.That(recorder.Requests, Has.Count.EqualTo(2));
        string secondPrompt = model.RenderPrompt(recorder.Requests[1], recorder.Options[1]).Text;
        Assert.That(secondPrompt, Does.Contain(resultMarker).And.Contain($"{asked}: 21 degrees and sunny"), "the template rendered the tool result back");
        Assert.That(recorder.Finish[0], Is.EqualTo(ChatFinishReason.ToolCalls));
    }

    [Test]
    public async Task GetStreamingResponseAsync_RequiredCall_StreamsNoMarkupAndEndsWithTheCallAndToolCalls()
    {
        using GgufChatClient model = await GgufChatClient.LoadAsync(Build("Qwen-Qwen2.5-7B-Instruct.jinja", "ggml-vocab-qwen2.gguf"), Cpu);
        AIFunction weather = AIFunctionFactory.Create((City city) => "sunny", "get_weather", "Gets the weather.");
        var updates = new List<ChatResponseUpdate>();

        await foreach (ChatResponseUpdate update in model.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, "Weather in Rome?")], new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.RequireAny, AllowMultipleToolCalls = false, Temperature = 0.8f, Seed = 2, MaxOutputTokens = 64 }))
        {
            updates.Add(update);
        }

        Assert.That(string.Concat(updates.Select(u => u.Text)), Is.Empty, "a required call from the first token: no text, and no markup leaks as text");
        int callIndex = updates.FindIndex(u => u.Contents.OfType<FunctionCallContent>().Any());
        Assert.That(callIndex, Is.GreaterThanOrEqualTo(0).And.LessThan(updates.Count - 1), "the call arrives before the final update");
        FunctionCallContent call = updates[callIndex].Contents.OfType<FunctionCallContent>().Single();
        Assert.That(call.Arguments!["city"]?.ToString(), Is.AnyOf("Oslo", "Rome", "Lima"));
        Assert.That(updates[^1].FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
        Assert.That(updates.Select(u => u.ResponseId).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task GetStreamingResponseAsync_StreamingThroughTheInvoker_RunsTheFunctionToo()
    {
        using GgufChatClient model = await GgufChatClient.LoadAsync(Build("Qwen-Qwen2.5-7B-Instruct.jinja", "ggml-vocab-qwen2.gguf"), Cpu);
        int calls = 0;
        AIFunction weather = AIFunctionFactory.Create((City city) => { calls++; return "sunny"; }, "get_weather", "Gets the weather.");
        using IChatClient agent = new ChatClientBuilder(model).UseFunctionInvocation().Build();
        var text = new StringBuilder();
        var contents = new List<AIContent>();

        await foreach (ChatResponseUpdate update in agent.GetStreamingResponseAsync(
            "Weather in Lima?", new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.RequireAny, AllowMultipleToolCalls = false, Temperature = 0.8f, Seed = 3, MaxOutputTokens = 64 }))
        {
            text.Append(update.Text);
            contents.AddRange(update.Contents);
        }

        Assert.That(calls, Is.EqualTo(1));
        Assert.That(contents.OfType<FunctionResultContent>().Single().Result?.ToString(), Is.EqualTo("sunny"));
        Assert.That(text.ToString(), Is.Not.Empty, "the turn after the call streams text");
    }

    /// <summary>
    /// The scenario of M.E.AI's provider integration tests <c>AvailableTools_SchemasAreAccepted_*</c>: many tools whose
    /// schemas come from every common parameter type (nullable, defaulted, dates, URIs, GUIDs, lists, an object with
    /// validation attributes, enums) and from MCP-style hand-written schemas must be accepted without an exception,
    /// strict or not. Written for this engine; it needs only a response.
    /// </summary>
    [TestCase(false)]
    [TestCase(true)]
    public async Task UseFunctionInvocation_ToolsOfEveryCommonSchemaShape_AreAccepted(bool strict)
    {
        using GgufChatClient model = await GgufChatClient.LoadAsync(Build("Qwen-Qwen2.5-7B-Instruct.jinja", "ggml-vocab-qwen2.gguf"), Cpu);
        using IChatClient agent = new ChatClientBuilder(model).UseFunctionInvocation().Build();
        int index = 0;
        AIFunctionFactoryOptions Named() => new()
        {
            Name = $"Tool{++index}",
            AdditionalProperties = strict ? new Dictionary<string, object?> { ["strictJsonSchema"] = true } : null,
        };
        AIFunctionDeclaration FromSchema(string schema) => AIFunctionFactory.CreateDeclaration($"Schema{++index}", null, System.Text.Json.JsonDocument.Parse(schema).RootElement.Clone());

        var options = new ChatOptions
        {
            MaxOutputTokens = 8,
            Temperature = 0,
            Tools =
            [
                AIFunctionFactory.Create((int? number) => number, Named()),
                AIFunctionFactory.Create((string? text) => text, Named()),
                AIFunctionFactory.Create((long count = 3) => count, Named()),
                AIFunctionFactory.Create((bool flag, double ratio, decimal price, float weight, char letter) => flag, Named()),
                AIFunctionFactory.Create((DateTime when, DateTimeOffset? until, TimeSpan span, DateOnly day, TimeOnly time) => when, Named()),
                AIFunctionFactory.Create((Uri address, Guid id) => id, Named()),
                AIFunctionFactory.Create((List<int> values, int[] more, Annotated? details) => values, Named()),
                AIFunctionFactory.Create((string name = "x", City city = City.Rome, City? other = null) => name, Named()),
                FromSchema("""{"type": "object", "properties": {}, "additionalProperties": false, "$schema": "http://json-schema.org/draft-07/schema#"}"""),
                FromSchema("""{"type": "object", "properties": {"seconds": {"type": "number", "default": 10, "description": "How long"}}, "additionalProperties": false}"""),
                FromSchema("""{"type": "object", "properties": {"id": {"type": "number", "minimum": 1, "maximum": 100}}, "required": ["id"]}"""),
                FromSchema("""{"type": "object", "properties": {"kind": {"type": "string", "enum": ["error", "ok"]}, "attach": {"type": "boolean", "default": false}}, "required": ["kind"]}"""),
                FromSchema("""{"properties": {"owner": {"type": "string"}, "number": {"type": "number"}, "side": {"type": "string", "enum": ["LEFT", "RIGHT"]}}, "required": ["owner", "number"], "type": "object"}"""),
            ],
        };

        ChatResponse response = await agent.GetResponseAsync("Which tower in Paris is the most visited?", options);

        Assert.That(response, Is.Not.Null);
        Assert.That(response.Messages, Is.Not.Empty);
    }

    [Test]
    public async Task GetResponseAsync_ToolModeNone_ShowsTheToolsButAnswersWithText()
    {
        using GgufChatClient model = await GgufChatClient.LoadAsync(Build("Qwen-Qwen2.5-7B-Instruct.jinja", "ggml-vocab-qwen2.gguf"), Cpu);
        AIFunction weather = AIFunctionFactory.Create((City city) => "sunny", "get_weather", "Gets the weather.");
        var options = new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.None, Temperature = 0, MaxOutputTokens = 8 };

        ChatResponse response = await model.GetResponseAsync("Weather?", options);

        Assert.That(model.RenderPrompt([new(ChatRole.User, "Weather?")], options).Text, Does.Contain("\"name\": \"get_weather\""), "the template lists the tools");
        Assert.That(response.FinishReason, Is.EqualTo(ChatFinishReason.Length));
        Assert.That(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>(), Is.Empty);
    }

    [Test]
    public async Task GetResponseAsync_ToolsOnAModelWithoutToolFormat_ThrowsNotSupportedNamingTheSetting()
    {
        using GgufChatClient model = await GgufChatClient.LoadAsync(Build("google-gemma-2-2b-it.jinja", "ggml-vocab-llama-bpe.gguf"), Cpu);
        AIFunction weather = AIFunctionFactory.Create((City city) => "sunny", "get_weather");

        Assert.That(() => model.GetStreamingResponseAsync("Weather?", new ChatOptions { Tools = [weather] }),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("ToolCallFormat"));
    }

    private string Build(string template, string vocabulary)
    {
        string path = Path.Combine(_folder, $"{Path.GetFileNameWithoutExtension(template)}.gguf");
        if (!File.Exists(path))
        {
            new SyntheticModelBuilder(new SyntheticModelOptions
            {
                EmbeddingLength = 32, BlockCount = 1, HeadCount = 2, KvHeadCount = 1, FeedForwardLength = 64, ContextLength = 2048, TieOutputToEmbedding = true,
                VocabularySourcePath = TestPaths.Shared("vocab", vocabulary),
                ChatTemplate = File.ReadAllText(TestPaths.Shared("templates", template)),
            }).Build(path);
        }

        return path;
    }

    /// <summary>An argument type with validation attributes, as real tools have (they become schema keywords or none).</summary>
    public sealed class Annotated
    {
        /// <summary>Gets or sets a label limited to three values.</summary>
        [System.ComponentModel.DataAnnotations.AllowedValues("a", "b", "c")]
        public string Label { get; set; } = "a";

        /// <summary>Gets or sets a bounded number.</summary>
        [System.ComponentModel.DataAnnotations.Range(25, 75)]
        public int Value { get; set; }

        /// <summary>Gets or sets an e-mail address.</summary>
        [System.ComponentModel.DataAnnotations.EmailAddress]
        public string? Email { get; set; }

        /// <summary>Gets or sets a text with a pattern.</summary>
        [System.ComponentModel.DataAnnotations.RegularExpression("[abc]+")]
        public string? Code { get; set; }

        /// <summary>Gets or sets a list of one or two numbers.</summary>
        [System.ComponentModel.DataAnnotations.Length(1, 2)]
        public int[]? Pair { get; set; }
    }

    /// <summary>Records what reaches the model on each request, and how each ended.</summary>
    private sealed class RecordingChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public List<List<ChatMessage>> Requests { get; } = [];

        public List<ChatOptions?> Options { get; } = [];

        public List<ChatFinishReason?> Finish { get; } = [];

        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Requests.Add([.. messages]);
            Options.Add(options);
            ChatResponse response = await base.GetResponseAsync(Requests[^1], options, cancellationToken);
            Finish.Add(response.FinishReason);
            return response;
        }
    }
}
