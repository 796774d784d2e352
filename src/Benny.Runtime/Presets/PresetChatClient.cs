using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Benny.Runtime.Presets;

/// <summary>
/// Fills the <see cref="ChatOptions"/> a caller left unset from a model's preset and drops the parameters
/// its engine does not support, before passing the request on.
/// </summary>
/// <remarks>
/// What the caller sets always wins. An unsupported parameter is removed and logged at debug level
/// (LiteLLM's <c>drop_params: true</c>); in strict mode a caller-set unsupported parameter throws
/// <see cref="NotSupportedException"/> instead, while preset values are always dropped quietly.
/// The caller's <see cref="ChatOptions"/> instance is never changed.
/// </remarks>
public sealed partial class PresetChatClient : DelegatingChatClient
{
    private readonly GenerationPreset _preset;
    private readonly GenerationParameters _supported;
    private readonly bool _strict;
    private readonly string _modelName;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="innerClient">The client that runs the request (usually the engine).</param>
    /// <param name="preset">The model's effective preset (see <see cref="PresetResolver.Resolve"/>).</param>
    /// <param name="supportedParameters">The parameters the engine honours.</param>
    /// <param name="modelName">The model name, used in messages and logs.</param>
    /// <param name="strict">Whether a caller-set unsupported parameter is an error.</param>
    /// <param name="logger">Receives the debug log of dropped parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerClient"/>, <paramref name="preset"/> or <paramref name="modelName"/> is <see langword="null"/>.</exception>
    public PresetChatClient(
        IChatClient innerClient,
        GenerationPreset preset,
        GenerationParameters supportedParameters,
        string modelName,
        bool strict = false,
        ILogger? logger = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(modelName);
        _preset = preset.OverlayWith(null);
        _supported = supportedParameters;
        _modelName = modelName;
        _strict = strict;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => base.GetResponseAsync(messages, Apply(options), cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => base.GetStreamingResponseAsync(messages, Apply(options), cancellationToken);

    /// <summary>Returns the options the inner client receives: a copy of <paramref name="options"/> completed from the preset, without unsupported parameters.</summary>
    /// <param name="options">The caller's options; not changed.</param>
    /// <returns>A new <see cref="ChatOptions"/>.</returns>
    /// <exception cref="NotSupportedException">In strict mode, the caller set a parameter the engine does not support.</exception>
    internal ChatOptions Apply(ChatOptions? options)
    {
        GenerationParameters fromCaller = ChatOptionsParameters.GetSet(options);
        GenerationParameters callerUnsupported = fromCaller & ~_supported;
        if (_strict && callerUnsupported != GenerationParameters.None)
        {
            throw new NotSupportedException(
                $"The engine serving model '{_modelName}' does not support {callerUnsupported}. "
                + "Remove it from the ChatOptions, or set Benny:StrictParameters to false to drop unsupported parameters.");
        }

        ChatOptions result = options?.Clone() ?? new ChatOptions();
        GenerationParameters filled = _preset.FillUnset(result);
        GenerationParameters dropped = (fromCaller | filled) & ~_supported;
        if (dropped != GenerationParameters.None)
        {
            ChatOptionsParameters.Clear(result, dropped);
            LogDropped(_logger, _modelName, dropped);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model {ModelName}: dropped generation parameters its engine does not support: {Parameters}.")]
    private static partial void LogDropped(ILogger logger, string modelName, GenerationParameters parameters);
}
