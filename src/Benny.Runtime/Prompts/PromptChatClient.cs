using Benny.Runtime.Presets;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Benny.Runtime.Prompts;

/// <summary>
/// A chat client that injects a prompt template into every request: it renders the latest version of
/// one prompt of a <see cref="PromptStore"/> with the caller's variables
/// (<see cref="PromptChatOptionsExtensions.WithPromptVariables"/>), puts the rendered messages before the
/// caller's messages (as LiteLLM does), and fills the <see cref="ChatOptions"/> values the caller left
/// unset from the template's front matter settings.
/// </summary>
/// <remarks>
/// <para>
/// Nothing is injected when the caller opted out (<see cref="PromptChatOptionsExtensions.WithoutPromptInjection"/>)
/// or when the store has no prompt with the id; the request then passes through unchanged. Benny's own
/// prompt keys are removed from the options passed to the inner client. The caller's options and message
/// list are never changed: the inner client gets a new message list, and a copy of the options when the front matter
/// fills a setting or prompt keys are removed (otherwise the caller's options, or <see langword="null"/>, as they are).
/// </para>
/// <para>Precedence of settings: the caller's <see cref="ChatOptions"/> &gt; the prompt front matter &gt; what inner layers fill (model and purpose presets) &gt; engine defaults.</para>
/// </remarks>
public sealed partial class PromptChatClient : DelegatingChatClient
{
    private readonly ILogger _logger;
    private readonly PromptTemplate? _template;

    /// <summary>Initializes a new instance of the <see cref="PromptChatClient"/> class.</summary>
    /// <param name="innerClient">The client that gets the requests with the prompt injected.</param>
    /// <param name="store">The prompt templates.</param>
    /// <param name="promptId">The id of the prompt to inject (usually the model's name).</param>
    /// <param name="logger">Where to log which prompt was injected; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerClient"/>, <paramref name="store"/> or <paramref name="promptId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="promptId"/> is empty or white space.</exception>
    public PromptChatClient(IChatClient innerClient, PromptStore store, string promptId, ILogger? logger = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(promptId);
        Store = store;
        PromptId = promptId;
        _logger = logger ?? NullLogger.Instance;

        // A store is immutable: the prompt this client injects is looked up once.
        _ = store.TryGet(promptId, out _template);
    }

    /// <summary>Gets the prompt templates this client injects from.</summary>
    public PromptStore Store { get; }

    /// <summary>Gets the id of the prompt this client injects.</summary>
    public string PromptId { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="PromptRenderException">The prompt could not be rendered with the caller's variables; the inner client is not called.</exception>
    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        (IEnumerable<ChatMessage> preparedMessages, ChatOptions? preparedOptions, bool ownsOptions) = Prepare(messages, options);
        return ownsOptions && InnerClient is PresetChatClient preset
            ? preset.GetOwnedOptionsResponseAsync(preparedMessages, preparedOptions!, cancellationToken)
            : base.GetResponseAsync(preparedMessages, preparedOptions, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="PromptRenderException">The prompt could not be rendered with the caller's variables; thrown by this call, before enumeration, and the inner client is not called.</exception>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        (IEnumerable<ChatMessage> preparedMessages, ChatOptions? preparedOptions, bool ownsOptions) = Prepare(messages, options);
        return ownsOptions && InnerClient is PresetChatClient preset
            ? preset.GetOwnedOptionsStreamingResponseAsync(preparedMessages, preparedOptions!, cancellationToken)
            : base.GetStreamingResponseAsync(preparedMessages, preparedOptions, cancellationToken);
    }

    /// <summary>Renders the prompt and prepares what the inner client gets.</summary>
    /// <returns>The messages and options for the inner client, and whether the options are a copy made for this request alone.</returns>
    private (IEnumerable<ChatMessage> Messages, ChatOptions? Options, bool OwnsOptions) Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (options.IsPromptInjectionDisabled())
        {
            LogOptedOut(_logger, PromptId);
            return (messages, WithoutPromptKeys(options), false);
        }

        if (_template is not { } template)
        {
            LogNoPrompt(_logger, PromptId);
            return (messages, WithoutPromptKeys(options), false);
        }

        // The caller's messages are copied once, after the rendered ones, into one array.
        ChatMessage[] combined;
        int renderedCount;
        IReadOnlyDictionary<string, object?>? variables = options.GetPromptVariables();
        if (messages is ICollection<ChatMessage> collection)
        {
            combined = template.RenderWithRoom(variables, collection.Count, out renderedCount);
            collection.CopyTo(combined, renderedCount);
        }
        else
        {
            ChatMessage[] own = [.. messages];
            combined = template.RenderWithRoom(variables, own.Length, out renderedCount);
            own.CopyTo(combined, renderedCount);
        }

        // The options are copied only when something in them changes.
        FrozenPreset settings = template.FrozenSettings;
        GenerationParameters toFill = settings.Parameters & ~ChatOptionsParameters.GetSet(options);
        ChatOptions? prepared = options;
        bool ownsOptions = false;
        GenerationParameters filled = GenerationParameters.None;
        if (toFill != GenerationParameters.None || HasPromptKeys(options))
        {
            prepared = options?.Clone() ?? new ChatOptions();
            ownsOptions = true;
            RemovePromptKeys(prepared);
            filled = settings.FillUnset(prepared, toFill);
        }

        LogInjected(_logger, template.Id, template.Version, renderedCount, filled);
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            for (int i = 0; i < renderedCount; i++)
            {
                LogInjectedContent(_logger, template.Id, combined[i].Role.Value, combined[i].Text);
            }
        }

        return (combined, prepared, ownsOptions);
    }

    private static bool HasPromptKeys(ChatOptions? options)
        => options?.AdditionalProperties is { } properties
            && (properties.ContainsKey(PromptChatOptionsExtensions.VariablesKey) || properties.ContainsKey(PromptChatOptionsExtensions.DisabledKey));

    private static ChatOptions? WithoutPromptKeys(ChatOptions? options)
    {
        if (!HasPromptKeys(options))
        {
            return options;
        }

        ChatOptions clone = options!.Clone();
        RemovePromptKeys(clone);
        return clone;
    }

    private static void RemovePromptKeys(ChatOptions options)
    {
        if (options.AdditionalProperties is { } properties)
        {
            properties.Remove(PromptChatOptionsExtensions.VariablesKey);
            properties.Remove(PromptChatOptionsExtensions.DisabledKey);
            if (properties.Count == 0)
            {
                options.AdditionalProperties = null;
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Injected prompt '{PromptId}' version {PromptVersion}: {MessageCount} message(s); settings filled from its front matter: {FilledParameters}.")]
    private static partial void LogInjected(ILogger logger, string promptId, int? promptVersion, int messageCount, GenerationParameters filledParameters);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Prompt '{PromptId}' not injected: the caller opted out.")]
    private static partial void LogOptedOut(ILogger logger, string promptId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Prompt '{PromptId}' not injected: the prompt store has no such prompt.")]
    private static partial void LogNoPrompt(ILogger logger, string promptId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Trace, Message = "Injected prompt '{PromptId}' message ({Role}): {Content}")]
    private static partial void LogInjectedContent(ILogger logger, string promptId, string role, string content);
}
