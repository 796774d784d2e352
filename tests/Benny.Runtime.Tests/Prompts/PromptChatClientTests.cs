using System.Runtime.CompilerServices;
using Benny.Runtime.Presets;
using Benny.Runtime.Prompts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Moq;

namespace Benny.Runtime.Tests.Prompts;

public sealed class PromptChatClientTests
{
    private const string PromptText =
        """
        ---
        temperature: 0.1
        max_tokens: 64
        repetition_penalty: 1.05
        stop: ["###"]
        input:
          schema:
            tone?: string
        ---
        System: You are {{ tone | default: "neutral" }}.
        User: Example question
        Assistant: Example answer
        """;

    private readonly Mock<IChatClient> _inner = new(MockBehavior.Strict);
    private List<ChatMessage>? _sentMessages;
    private ChatOptions? _sentOptions;
    private int _calls;

    public PromptChatClientTests()
    {
        _inner.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken>(Capture)
            .ReturnsAsync(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
        _inner.Setup(c => c.GetStreamingResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken>(Capture)
            .Returns((IEnumerable<ChatMessage> _, ChatOptions? _, CancellationToken ct) => Updates(ct));
        _inner.Setup(c => c.Dispose());
    }

    [Test]
    public async Task GetResponseAsync_PromptExists_InjectsRenderedMessagesBeforeCallerMessages()
    {
        using PromptChatClient client = CreateClient();
        var options = new ChatOptions().WithPromptVariables(new Dictionary<string, object?> { ["tone"] = "formal" });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Real question")], options);

        Assert.That(_sentMessages!.Select(m => (m.Role, m.Text)), Is.EqualTo(new[]
        {
            (ChatRole.System, "You are formal."),
            (ChatRole.User, "Example question"),
            (ChatRole.Assistant, "Example answer"),
            (ChatRole.User, "Real question"),
        }));
    }

    [Test]
    public async Task GetResponseAsync_FrontMatterSettings_FillOnlyWhatTheCallerLeftUnset()
    {
        using PromptChatClient client = CreateClient();
        var options = new ChatOptions { Temperature = 0.7f, StopSequences = ["END"] };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], options);

        Assert.That(_sentOptions!.Temperature, Is.EqualTo(0.7f));
        Assert.That(_sentOptions.StopSequences, Is.EqualTo(new[] { "END" }));
        Assert.That(_sentOptions.MaxOutputTokens, Is.EqualTo(64));
        Assert.That(_sentOptions.GetRepetitionPenalty(), Is.EqualTo(1.05f));
    }

    [Test]
    public async Task GetResponseAsync_NullOptions_InnerGetsOptionsFromFrontMatter()
    {
        using PromptChatClient client = CreateClient();

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);

        Assert.That(_sentOptions, Is.Not.Null);
        Assert.That(_sentOptions!.Temperature, Is.EqualTo(0.1f));
        Assert.That(_sentOptions.StopSequences, Is.EqualTo(new[] { "###" }));
        Assert.That(_sentMessages!.First().Text, Is.EqualTo("You are neutral."));
    }

    [Test]
    public async Task GetResponseAsync_CallerOptionsAndMessages_AreNotMutated()
    {
        using PromptChatClient client = CreateClient();
        var options = new ChatOptions { AdditionalProperties = new() { ["other"] = 1 } }
            .WithPromptVariables(new Dictionary<string, object?> { ["tone"] = "kind" });
        List<ChatMessage> messages = [new ChatMessage(ChatRole.User, "q")];

        await client.GetResponseAsync(messages, options);

        Assert.That(options.Temperature, Is.Null);
        Assert.That(options.MaxOutputTokens, Is.Null);
        Assert.That(options.StopSequences, Is.Null);
        Assert.That(options.AdditionalProperties!.Keys, Is.EquivalentTo(new[] { "other", PromptChatOptionsExtensions.VariablesKey }));
        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.That(_sentOptions, Is.Not.SameAs(options));
    }

    [Test]
    public async Task GetResponseAsync_PromptKeys_AreRemovedFromInnerOptionsAndOthersKept()
    {
        using PromptChatClient client = CreateClient();
        var options = new ChatOptions { AdditionalProperties = new() { ["other"] = 1 } }
            .WithPromptVariables(new Dictionary<string, object?> { ["tone"] = "kind" });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], options);

        Assert.That(_sentOptions!.AdditionalProperties!.Keys, Is.EquivalentTo(new[] { "other", GenerationChatOptionsExtensions.RepetitionPenaltyKey }));
    }

    [Test]
    public async Task GetResponseAsync_CallerOptedOut_PassesThroughWithoutPromptKeys()
    {
        using PromptChatClient client = CreateClient();
        var options = new ChatOptions().WithoutPromptInjection();
        List<ChatMessage> messages = [new ChatMessage(ChatRole.User, "q")];

        await client.GetResponseAsync(messages, options);

        Assert.That(_sentMessages!.Select(m => m.Text), Is.EqualTo(new[] { "q" }));
        Assert.That(_sentOptions!.Temperature, Is.Null);
        Assert.That(_sentOptions.AdditionalProperties, Is.Null);
        Assert.That(options.IsPromptInjectionDisabled(), Is.True);
    }

    [Test]
    public async Task GetResponseAsync_NoPromptWithThatId_PassesThroughUnchanged()
    {
        using var client = new PromptChatClient(_inner.Object, Store(), "some-other-model");
        var options = new ChatOptions { Temperature = 0.3f };
        List<ChatMessage> messages = [new ChatMessage(ChatRole.User, "q")];

        await client.GetResponseAsync(messages, options);

        Assert.That(_sentOptions, Is.SameAs(options));
        Assert.That(_sentMessages!.Select(m => m.Text), Is.EqualTo(new[] { "q" }));
    }

    [Test]
    public async Task GetResponseAsync_RenderFails_ThrowsWithoutCallingInner()
    {
        PromptStore store = PromptStore.FromTemplates([PromptTemplate.Parse("---\ninput:\n  schema:\n    name: string\n---\nHi {{ name }}", "/p/benny-tool-m.prompt")]);
        using var client = new PromptChatClient(_inner.Object, store, "benny-tool-m");

        var e = await Assert.ThrowsAsync<PromptRenderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]));

        Assert.That(e!.MissingVariables, Is.EqualTo(new[] { "name" }));
        Assert.That(_calls, Is.Zero);
    }

    [Test]
    public async Task GetStreamingResponseAsync_PromptExists_InjectsAndStreamsInnerUpdates()
    {
        using PromptChatClient client = CreateClient();
        var options = new ChatOptions { MaxOutputTokens = 10 };

        var texts = new List<string>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "q")], options))
        {
            texts.Add(update.Text);
        }

        Assert.That(texts, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(_sentMessages!.Select(m => m.Role), Is.EqualTo(new[] { ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User }));
        Assert.That(_sentOptions!.MaxOutputTokens, Is.EqualTo(10));
        Assert.That(_sentOptions.Temperature, Is.EqualTo(0.1f));
        Assert.That(options.Temperature, Is.Null);
    }

    [Test]
    public void GetStreamingResponseAsync_RenderFails_ThrowsOnTheCallBeforeEnumeration()
    {
        PromptStore store = PromptStore.FromTemplates([PromptTemplate.Parse("Hi {{ name }}", "/p/benny-tool-m.prompt")]);
        using var client = new PromptChatClient(_inner.Object, store, "benny-tool-m");

        Assert.Throws<PromptRenderException>(() => client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "q")]));
        Assert.That(_calls, Is.Zero);
    }

    [Test]
    public void GetResponseAsync_NullMessages_Throws()
    {
        using PromptChatClient client = CreateClient();

        Assert.Throws<ArgumentNullException>(() => client.GetResponseAsync(null!));
        Assert.Throws<ArgumentNullException>(() => client.GetStreamingResponseAsync(null!));
    }

    [Test]
    public void Ctor_BadArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => _ = new PromptChatClient(null!, Store(), "x"));
        Assert.Throws<ArgumentNullException>(() => _ = new PromptChatClient(_inner.Object, null!, "x"));
        Assert.Throws<ArgumentNullException>(() => _ = new PromptChatClient(_inner.Object, Store(), null!));
        Assert.Throws<ArgumentException>(() => _ = new PromptChatClient(_inner.Object, Store(), " "));
    }

    [Test]
    public async Task GetResponseAsync_Injected_LogsPromptIdAndVersionAtDebug()
    {
        var logger = new ListLogger();
        PromptStore store = PromptStore.FromTemplates([PromptTemplate.Parse("System: hi", "/p/benny-tool-m.v4.prompt")]);
        using var client = new PromptChatClient(_inner.Object, store, "benny-tool-m", logger);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);

        Assert.That(logger.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
            e => e.Level == LogLevel.Debug && e.Message.Contains("'benny-tool-m' version 4", StringComparison.Ordinal)));
        Assert.That(logger.Entries.Where(e => e.Message.Contains("hi", StringComparison.Ordinal)).Select(e => e.Level), Is.All.EqualTo(LogLevel.Trace));
    }

    [Test]
    public async Task GetResponseAsync_FrontMatterFillsNothing_PassesTheCallersOptionsThrough()
    {
        PromptStore store = PromptStore.FromTemplates([PromptTemplate.Parse("System: be brief", "/p/benny-tool-m.prompt")]);
        using var client = new PromptChatClient(_inner.Object, store, "benny-tool-m");
        var options = new ChatOptions { Temperature = 0.3f };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], options);
        ChatOptions? withOptions = _sentOptions;
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);

        Assert.That(withOptions, Is.SameAs(options), "nothing to fill and no prompt keys: no copy");
        Assert.That(_sentOptions, Is.Null);
        Assert.That(_sentMessages!.Select(m => m.Text), Is.EqualTo(new[] { "be brief", "q" }));
    }

    [Test]
    public async Task GetResponseAsync_ConstantPrompt_GivesEachRequestItsOwnMessages()
    {
        PromptStore store = PromptStore.FromTemplates([PromptTemplate.Parse("System: be brief", "/p/benny-tool-m.prompt")]);
        using var client = new PromptChatClient(_inner.Object, store, "benny-tool-m");

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);
        ChatMessage first = _sentMessages![0];
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]);

        Assert.That(_sentMessages![0], Is.Not.SameAs(first));
        Assert.That(_sentMessages[0].Text, Is.EqualTo("be brief"));
    }

    [Test]
    public async Task GetResponseAsync_LazyMessageSequence_IsPutAfterThePromptOnce()
    {
        using PromptChatClient client = CreateClient();
        int enumerations = 0;
        IEnumerable<ChatMessage> Messages()
        {
            enumerations++;
            yield return new ChatMessage(ChatRole.User, "first");
            yield return new ChatMessage(ChatRole.User, "second");
        }

        await client.GetResponseAsync(Messages());

        Assert.That(_sentMessages!.Select(m => m.Text), Is.EqualTo(new[] { "You are neutral.", "Example question", "Example answer", "first", "second" }));
        Assert.That(enumerations, Is.EqualTo(1));
    }

    [Test]
    public async Task GetResponseAsync_OverThePresetLayer_BothFillOneCopyAndTheCallersOptionsStayUnchanged()
    {
        var preset = new GenerationPreset { Temperature = 0.7f, TopK = 40, RepetitionPenalty = 1.3f, Seed = 9 };
        using var presetLayer = new PresetChatClient(_inner.Object, preset, GenerationParameters.All, "benny-tool-m");
        using var client = new PromptChatClient(presetLayer, Store(), "benny-tool-m");
        var options = new ChatOptions { Seed = 1, AdditionalProperties = new() { ["other"] = 1 } }
            .WithPromptVariables(new Dictionary<string, object?> { ["tone"] = "kind" });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], options);
        ChatOptions first = _sentOptions!;
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], options);

        Assert.That(_sentOptions, Is.Not.SameAs(options).And.Not.SameAs(first), "one new copy per request");
        Assert.That((_sentOptions!.Temperature, _sentOptions.MaxOutputTokens, _sentOptions.TopK, _sentOptions.Seed), Is.EqualTo((0.1f, 64, 40, 1L)), "caller > prompt > preset");
        Assert.That(_sentOptions.GetRepetitionPenalty(), Is.EqualTo(1.05f), "the prompt's value wins over the preset's");
        Assert.That(_sentOptions.AdditionalProperties!.Keys, Is.EquivalentTo(new[] { "other", GenerationChatOptionsExtensions.RepetitionPenaltyKey }));
        Assert.That((options.Temperature, options.MaxOutputTokens, options.TopK, options.StopSequences), Is.EqualTo(((float?)null, (int?)null, (int?)null, (IList<string>?)null)));
        Assert.That(options.AdditionalProperties!.Keys, Is.EquivalentTo(new[] { "other", PromptChatOptionsExtensions.VariablesKey }));
    }

    [Test]
    public async Task GetStreamingResponseAsync_OverThePresetLayer_BothFillTheOptions()
    {
        using var presetLayer = new PresetChatClient(_inner.Object, new GenerationPreset { TopK = 40 }, GenerationParameters.All, "benny-tool-m");
        using var client = new PromptChatClient(presetLayer, Store(), "benny-tool-m");

        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "q")]))
        {
            Assert.That(update.Text, Is.Not.Empty);
        }

        Assert.That((_sentOptions!.Temperature, _sentOptions.TopK), Is.EqualTo((0.1f, 40)));
    }

    private static PromptStore Store() => PromptStore.FromTemplates([PromptTemplate.Parse(PromptText, "/prompts/benny-tool-m.v2.prompt")]);

    private PromptChatClient CreateClient() => new(_inner.Object, Store(), "BENNY-TOOL-M");

    private void Capture(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        _calls++;
        _sentMessages = messages.ToList();
        _sentOptions = options;
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Updates([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "a");
        yield return new ChatResponseUpdate(ChatRole.Assistant, "b");
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
