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
/// The caller's <see cref="ChatOptions"/> instance is never changed: when the preset has something to fill or a parameter
/// must be dropped, the inner client gets a copy; otherwise it gets the caller's instance (or <see langword="null"/>) as is.
/// </remarks>
public sealed partial class PresetChatClient : DelegatingChatClient
{
    private readonly FrozenPreset _preset;
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
        _preset = new FrozenPreset(preset);
        _supported = supportedParameters;
        _modelName = modelName;
        _strict = strict;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => base.GetResponseAsync(messages, Apply(options, ownsOptions: false), cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => base.GetStreamingResponseAsync(messages, Apply(options, ownsOptions: false), cancellationToken);

    /// <summary>Sends a request whose options belong to the calling layer alone, so they may be completed in place.</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">Options created for this request by the calling layer (never a caller's instance).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The inner client's response.</returns>
    internal Task<ChatResponse> GetOwnedOptionsResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
        => base.GetResponseAsync(messages, Apply(options, ownsOptions: true), cancellationToken);

    /// <summary>Streams a request whose options belong to the calling layer alone, so they may be completed in place.</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">Options created for this request by the calling layer (never a caller's instance).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The inner client's updates.</returns>
    internal IAsyncEnumerable<ChatResponseUpdate> GetOwnedOptionsStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
        => base.GetStreamingResponseAsync(messages, Apply(options, ownsOptions: true), cancellationToken);

    /// <summary>
    /// Returns the options the inner client receives: <paramref name="options"/> completed from the preset, without
    /// unsupported parameters. When nothing is to be filled or dropped, that is <paramref name="options"/> itself.
    /// </summary>
    /// <param name="options">The caller's options.</param>
    /// <param name="ownsOptions">
    /// Whether <paramref name="options"/> belongs to this request alone (created by an outer Benny layer), so it is completed in
    /// place; when <see langword="false"/>, it is never changed and a copy is made when something has to change.
    /// </param>
    /// <returns><paramref name="options"/>, or a new <see cref="ChatOptions"/> with the changes.</returns>
    /// <exception cref="NotSupportedException">In strict mode, the caller set a parameter the engine does not support.</exception>
    internal ChatOptions? Apply(ChatOptions? options, bool ownsOptions)
    {
        GenerationParameters fromCaller = ChatOptionsParameters.GetSet(options);
        GenerationParameters callerUnsupported = fromCaller & ~_supported;
        if (_strict && callerUnsupported != GenerationParameters.None)
        {
            throw new NotSupportedException(
                $"The engine serving model '{_modelName}' does not support {callerUnsupported}. "
                + "Remove it from the ChatOptions, or set Benny:StrictParameters to false to drop unsupported parameters.");
        }

        // Filling a parameter and then dropping it leaves it unset: only supported ones are filled, but the log names
        // every parameter the preset or the caller wanted and the engine cannot take.
        GenerationParameters fill = _preset.Parameters & ~fromCaller;
        GenerationParameters dropped = (fromCaller | fill) & ~_supported;
        fill &= _supported;
        if (fill == GenerationParameters.None && callerUnsupported == GenerationParameters.None)
        {
            if (dropped != GenerationParameters.None)
            {
                LogDropped(_logger, _modelName, dropped);
            }

            return options;
        }

        ChatOptions result = ownsOptions && options is not null ? options : options?.Clone() ?? new ChatOptions();
        _preset.FillUnset(result, fill);
        if (dropped != GenerationParameters.None)
        {
            ChatOptionsParameters.Clear(result, callerUnsupported);
            LogDropped(_logger, _modelName, dropped);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model {ModelName}: dropped generation parameters its engine does not support: {Parameters}.")]
    private static partial void LogDropped(ILogger logger, string modelName, GenerationParameters parameters);
}
