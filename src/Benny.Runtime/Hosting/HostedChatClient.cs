using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Benny.Runtime.Hosting;

/// <summary>
/// An <see cref="IChatClient"/> for one model name that runs every request on the model the
/// <see cref="ModelHost"/> has loaded for it, loading it on first use.
/// </summary>
/// <remarks>
/// Each request holds a <see cref="ModelLease"/> for its whole duration (for streaming, until the
/// enumeration ends or is abandoned), so the host never unloads the model mid-request. The loaded model is
/// shared with every other client of a name with the same load identity; the host owns it, and
/// <see cref="Dispose"/> leaves it alone. Safe to use from any thread.
/// </remarks>
public sealed partial class HostedChatClient : IChatClient
{
    /// <summary>The provider name published in <see cref="ChatClientMetadata"/>.</summary>
    private const string ProviderName = "benny";

    private readonly ModelHost _host;
    private readonly string _modelName;
    private readonly ILogger _logger;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="host">The host that loads and owns the model.</param>
    /// <param name="modelName">A registered model name or alias.</param>
    /// <param name="logger">Receives one log entry per request (model, engine, elapsed time, token counts); none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="host"/> or <paramref name="modelName"/> is <see langword="null"/>.</exception>
    /// <exception cref="Registry.UnknownModelException">The host's registry has no such name.</exception>
    public HostedChatClient(ModelHost host, string modelName, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(modelName);
        _modelName = host.Registry.Resolve(modelName).Requested.Name;
        _host = host;
        _logger = logger ?? NullLogger.Instance;
        _metadata = new ChatClientMetadata(ProviderName, providerUri: null, defaultModelId: _modelName);
    }

    /// <summary>Gets the model name this client serves, as the registry spells it.</summary>
    public string ModelName => _modelName;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModelLoadException">The model could not be loaded.</exception>
    /// <exception cref="ObjectDisposedException">The host is disposed.</exception>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using ModelLease lease = await _host.AcquireAsync(_modelName, cancellationToken).ConfigureAwait(false);
        long started = Stopwatch.GetTimestamp();
        ChatResponse response = await lease.ChatClient.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        double elapsedMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogRequestCompleted(_logger, _modelName, lease.Model.Target.Engine, elapsedMilliseconds, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount);

        return response;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModelLoadException">The model could not be loaded (thrown when the enumeration starts).</exception>
    /// <exception cref="ObjectDisposedException">The host is disposed (thrown when the enumeration starts).</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return GetStreamingResponseCoreAsync(messages, options, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Returns this client's <see cref="ChatClientMetadata"/> (provider <c>benny</c>, default model id the model name),
    /// the client itself, or the <see cref="ModelHost"/>; <see langword="null"/> for anything else and for any non-null <paramref name="serviceKey"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(ModelHost))
        {
            return _host;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Does nothing: the loaded model is shared and owned by the <see cref="ModelHost"/>, which unloads it.</summary>
    public void Dispose()
    {
    }

    private async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseCoreAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ModelLease lease = await _host.AcquireAsync(_modelName, cancellationToken).ConfigureAwait(false);
        try
        {
            long started = Stopwatch.GetTimestamp();
            long? inputTokens = null;
            long? outputTokens = null;
            await foreach (ChatResponseUpdate update in lease.ChatClient.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                foreach (AIContent content in update.Contents)
                {
                    if (content is UsageContent usage)
                    {
                        inputTokens = usage.Details.InputTokenCount ?? inputTokens;
                        outputTokens = usage.Details.OutputTokenCount ?? outputTokens;
                    }
                }

                yield return update;
            }

            double elapsedMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogStreamCompleted(_logger, _modelName, lease.Model.Target.Engine, elapsedMilliseconds, inputTokens, outputTokens);
        }
        finally
        {
            lease.Dispose();
        }
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Model {ModelName} (engine {Engine}) answered in {ElapsedMilliseconds:F0} ms; input tokens {InputTokens}, output tokens {OutputTokens}.")]
    private static partial void LogRequestCompleted(ILogger logger, string modelName, string? engine, double elapsedMilliseconds, long? inputTokens, long? outputTokens);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Model {ModelName} (engine {Engine}) streamed its answer in {ElapsedMilliseconds:F0} ms; input tokens {InputTokens}, output tokens {OutputTokens}.")]
    private static partial void LogStreamCompleted(ILogger logger, string modelName, string? engine, double elapsedMilliseconds, long? inputTokens, long? outputTokens);
}
