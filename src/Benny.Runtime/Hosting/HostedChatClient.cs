using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Benny.Runtime.Hosting;

/// <summary>
/// An <see cref="IChatClient"/> for one model name that runs every request on the model the
/// <see cref="ModelHost"/> has loaded for it, loading it on first use.
/// </summary>
/// <remarks>
/// Each request holds a lease on the model for its whole duration (for streaming, until the enumeration ends, fails or
/// is abandoned), so the host never unloads the model mid-request: a <see cref="ModelLease"/> while the model loads,
/// and, once it is loaded, the same lease taken and released without allocating. The loaded model is
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

    // Why the name serves no chat (its instance is loaded for embeddings only); null when it does.
    private readonly string? _noChatReason;

    // The name's binding in the host, known after the first request; read without a lock (a stale null only costs the slow path).
    private ModelHost.Binding? _binding;

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
        Registry.ResolvedModel resolved = host.Registry.Resolve(modelName);
        _modelName = resolved.Requested.Name;
        _noChatReason = resolved.Target.Chat ? null
            : $"Model '{_modelName}' serves embeddings only (Benny:Models:{resolved.Target.Name}:Chat is false), so it answers no chat requests. "
              + "Use its keyed IEmbeddingGenerator<string, Embedding<float>> (or POST /v1/embeddings), or remove Chat from the entry to load it for chat too.";
        _host = host;
        _logger = logger ?? NullLogger.Instance;
        _metadata = new ChatClientMetadata(ProviderName, providerUri: null, defaultModelId: _modelName);
    }

    /// <summary>Gets the model name this client serves, as the registry spells it.</summary>
    public string ModelName => _modelName;

    /// <inheritdoc />
    /// <remarks>
    /// When the model is loaded, the request runs at once on the engine: no lease object is allocated, and an engine that
    /// answers synchronously has its own task returned. The lease is released when the engine's task completes, whatever
    /// the outcome (answer, failure or cancellation).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModelLoadException">The model could not be loaded (through the returned task).</exception>
    /// <exception cref="ObjectDisposedException">The host is disposed (through the returned task).</exception>
    /// <exception cref="NotSupportedException">The model serves embeddings only (<c>"Chat": false</c>); nothing is loaded (through the returned task).</exception>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (_noChatReason is { } reason)
        {
            return FromException<ChatResponse>(new NotSupportedException(reason));
        }

        if (_binding is not { } binding || !_host.TryLeaseLoaded(binding, out ModelHost.Entry? entry))
        {
            return GetResponseAfterAcquireAsync(messages, options, cancellationToken);
        }

        bool log = _logger.IsEnabled(LogLevel.Debug);
        long started = log ? Stopwatch.GetTimestamp() : 0;
        Task<ChatResponse> response;
        try
        {
            response = entry.Instance!.ChatClient.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception e)
        {
            _host.Release(entry);
            return FromException<ChatResponse>(e);
        }

        if (!log && response is { IsCompleted: true })
        {
            _host.Release(entry);
            return response;
        }

        return ReleaseWhenCompletedAsync(response, entry, binding, log, started);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModelLoadException">The model could not be loaded (thrown when the enumeration starts).</exception>
    /// <exception cref="ObjectDisposedException">The host is disposed (thrown when the enumeration starts).</exception>
    /// <exception cref="NotSupportedException">The model serves embeddings only (<c>"Chat": false</c>); nothing is loaded (thrown when the enumeration starts).</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return GetStreamingResponseCoreAsync(messages, options, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <para>
    /// Returns this client's <see cref="ChatClientMetadata"/> (provider <c>benny</c>, default model id the model name, no
    /// provider URI: the model runs in-process), the client itself, or the <see cref="ModelHost"/>. Any other type is
    /// asked of the engine client while the model is loaded, so <c>GgufModelInfo</c>, <c>GgufNativeDiagnostics</c> or
    /// <c>OpenVinoModelInfo</c> reach the caller through the pipeline from DI; before the first request (or after an
    /// unload) those are <see langword="null"/>: nothing is loaded to answer.
    /// </para>
    /// <para>
    /// With <see cref="EngineServiceKey"/> as the key, every request goes to the loaded engine client (unkeyed), including
    /// <see cref="ChatClientMetadata"/>: the engine's own metadata. Any other non-null key returns <see langword="null"/>.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (EngineServiceKey.Equals(serviceKey))
        {
            return _host.GetLoadedEngineService(_modelName, serviceType, serviceKey: null);
        }

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

        return serviceType.IsInstanceOfType(this) ? this : _host.GetLoadedEngineService(_modelName, serviceType, serviceKey: null);
    }

    /// <summary>The service key that sends a <see cref="GetService"/> call to the loaded engine client itself.</summary>
    public const string EngineServiceKey = "engine";

    /// <summary>Does nothing: the loaded model is shared and owned by the <see cref="ModelHost"/>, which unloads it.</summary>
    public void Dispose()
    {
    }

    /// <summary>The first request, or one after an unload: waits for the model, then runs the request.</summary>
    private async Task<ChatResponse> GetResponseAfterAcquireAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        using ModelLease lease = await _host.AcquireAsync(_modelName, cancellationToken).ConfigureAwait(false);
        _binding ??= _host.Bind(_modelName);
        long started = Stopwatch.GetTimestamp();
        ChatResponse response = await lease.ChatClient.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        double elapsedMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogRequestCompleted(_logger, _modelName, lease.Model.Target.Engine, elapsedMilliseconds, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount);
        return response;
    }

    /// <summary>Waits for the engine's answer, logs it, and releases the lease however the request ends.</summary>
    private async Task<ChatResponse> ReleaseWhenCompletedAsync(Task<ChatResponse> pending, ModelHost.Entry entry, ModelHost.Binding binding, bool log, long started)
    {
        try
        {
            ChatResponse response = await pending.ConfigureAwait(false);
            if (log)
            {
                double elapsedMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                LogRequestCompleted(_logger, _modelName, binding.Resolved.Target.Engine, elapsedMilliseconds, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount);
            }

            return response;
        }
        finally
        {
            _host.Release(entry);
        }
    }

    /// <summary>A task that fails (or is cancelled, for an <see cref="OperationCanceledException"/>) with <paramref name="exception"/>, as an async method's would.</summary>
    private static async Task<T> FromException<T>(Exception exception)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        ExceptionDispatchInfo.Throw(exception);
        return default!;
    }

    private async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseCoreAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_noChatReason is { } reason)
        {
            throw new NotSupportedException(reason);
        }

        ModelHost.Entry? entry;
        ModelLease? lease = null;
        IEngineModel instance;
        string? engine;
        if (_binding is { } binding && _host.TryLeaseLoaded(binding, out entry))
        {
            instance = entry.Instance!;
            engine = binding.Resolved.Target.Engine;
        }
        else
        {
            lease = await _host.AcquireAsync(_modelName, cancellationToken).ConfigureAwait(false);
            _binding ??= _host.Bind(_modelName);
            entry = null;
            instance = lease.Instance;
            engine = lease.Model.Target.Engine;
        }

        try
        {
            bool log = _logger.IsEnabled(LogLevel.Debug);
            long started = Stopwatch.GetTimestamp();
            long? inputTokens = null;
            long? outputTokens = null;
            await foreach (ChatResponseUpdate update in instance.ChatClient.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                if (log)
                {
                    IList<AIContent> contents = update.Contents;
                    for (int i = 0; i < contents.Count; i++)
                    {
                        if (contents[i] is UsageContent usage)
                        {
                            inputTokens = usage.Details.InputTokenCount ?? inputTokens;
                            outputTokens = usage.Details.OutputTokenCount ?? outputTokens;
                        }
                    }
                }

                yield return update;
            }

            if (log)
            {
                double elapsedMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                LogStreamCompleted(_logger, _modelName, engine, elapsedMilliseconds, inputTokens, outputTokens);
            }
        }
        finally
        {
            if (lease is not null)
            {
                lease.Dispose();
            }
            else
            {
                _host.Release(entry!);
            }
        }
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Model {ModelName} (engine {Engine}) answered in {ElapsedMilliseconds:F0} ms; input tokens {InputTokens}, output tokens {OutputTokens}.")]
    private static partial void LogRequestCompleted(ILogger logger, string modelName, string? engine, double elapsedMilliseconds, long? inputTokens, long? outputTokens);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Model {ModelName} (engine {Engine}) streamed its answer in {ElapsedMilliseconds:F0} ms; input tokens {InputTokens}, output tokens {OutputTokens}.")]
    private static partial void LogStreamCompleted(ILogger logger, string modelName, string? engine, double elapsedMilliseconds, long? inputTokens, long? outputTokens);
}
