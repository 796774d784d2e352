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
/// list are never changed: the inner client gets a clone.
/// </para>
/// <para>Precedence of settings: the caller's <see cref="ChatOptions"/> &gt; the prompt front matter &gt; what inner layers fill (model and purpose presets) &gt; engine defaults.</para>
/// </remarks>
public sealed partial class PromptChatClient : DelegatingChatClient
{
    private readonly ILogger _logger;

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
        (IEnumerable<ChatMessage> preparedMessages, ChatOptions? preparedOptions) = Prepare(messages, options);
        return base.GetResponseAsync(preparedMessages, preparedOptions, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="PromptRenderException">The prompt could not be rendered with the caller's variables; thrown by this call, before enumeration, and the inner client is not called.</exception>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        (IEnumerable<ChatMessage> preparedMessages, ChatOptions? preparedOptions) = Prepare(messages, options);
        return base.GetStreamingResponseAsync(preparedMessages, preparedOptions, cancellationToken);
    }

    private (IEnumerable<ChatMessage> Messages, ChatOptions? Options) Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (options.IsPromptInjectionDisabled())
        {
            LogOptedOut(_logger, PromptId);
            return (messages, WithoutPromptKeys(options));
        }

        if (!Store.TryGet(PromptId, out PromptTemplate? template))
        {
            LogNoPrompt(_logger, PromptId);
            return (messages, WithoutPromptKeys(options));
        }

        IReadOnlyList<ChatMessage> rendered = template.Render(options.GetPromptVariables());

        ChatOptions prepared = options?.Clone() ?? new ChatOptions();
        RemovePromptKeys(prepared);
        Presets.GenerationParameters filled = template.SettingsView.FillUnset(prepared);

        List<ChatMessage> combined = [.. rendered, .. messages];
        LogInjected(_logger, template.Id, template.Version, rendered.Count, filled);
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            foreach (ChatMessage message in rendered)
            {
                LogInjectedContent(_logger, template.Id, message.Role.Value, message.Text);
            }
        }

        return (combined, prepared);
    }

    private static ChatOptions? WithoutPromptKeys(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } properties
            || !(properties.ContainsKey(PromptChatOptionsExtensions.VariablesKey) || properties.ContainsKey(PromptChatOptionsExtensions.DisabledKey)))
        {
            return options;
        }

        ChatOptions clone = options.Clone();
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
    private static partial void LogInjected(ILogger logger, string promptId, int? promptVersion, int messageCount, Presets.GenerationParameters filledParameters);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Prompt '{PromptId}' not injected: the caller opted out.")]
    private static partial void LogOptedOut(ILogger logger, string promptId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Prompt '{PromptId}' not injected: the prompt store has no such prompt.")]
    private static partial void LogNoPrompt(ILogger logger, string promptId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Trace, Message = "Injected prompt '{PromptId}' message ({Role}): {Content}")]
    private static partial void LogInjectedContent(ILogger logger, string promptId, string role, string content);
}
