using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Benny.Engines.OpenVino.Inference;
using Benny.Engines.OpenVino.Native;
using Benny.Runtime.Validation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Benny.Engines.OpenVino;

/// <summary>
/// An <see cref="IChatClient"/> over an OpenVINO IR model (an optimum-intel <c>text-generation-with-past</c> export) running
/// in-process on OpenVINO GenAI: the history is rendered by the tokenizer's own chat template, <see cref="ChatOptions"/>
/// become GenAI's generation config (temperature 0 = greedy), and text streams as it decodes.
/// </summary>
/// <remarks>
/// <para>
/// The model has its own generate thread; requests queue and run one at a time, and the pipeline is never touched from
/// the caller's thread. Streams end with an update carrying the finish reason, <see cref="UsageContent"/> and the timings
/// <c>benny.ttft_ms</c>, <c>benny.tpot_ms</c> and <c>benny.throughput_tps</c> in
/// <see cref="ChatResponseUpdate.AdditionalProperties"/>. Cancelling a request (or stopping to read its stream) makes the
/// streamer answer <c>CANCEL</c> at the next piece.
/// </para>
/// <para>Create one with <see cref="LoadAsync(string, OpenVinoEngineOptions?, ILoggerFactory?, CancellationToken)"/>; dispose it to free the model.</para>
/// </remarks>
public sealed partial class OpenVinoChatClient : IChatClient
{
    /// <summary>The <see cref="ChatClientMetadata.ProviderName"/> of this client.</summary>
    public const string ProviderName = "openvino";

    /// <summary>The <see cref="ChatResponseUpdate.AdditionalProperties"/> key of the time to first token in milliseconds (a <see cref="double"/>).</summary>
    public const string TimeToFirstTokenKey = "benny.ttft_ms";

    /// <summary>The <see cref="ChatResponseUpdate.AdditionalProperties"/> key of the mean time per output token in milliseconds (a <see cref="double"/>).</summary>
    public const string TimePerOutputTokenKey = "benny.tpot_ms";

    /// <summary>The <see cref="ChatResponseUpdate.AdditionalProperties"/> key of the generation throughput in tokens per second (a <see cref="double"/>).</summary>
    public const string ThroughputKey = "benny.throughput_tps";

    private readonly PipelineWorker _worker;
    private readonly ChatClientMetadata _metadata;
    private readonly ILogger _logger;
    private readonly int? _maxPromptLength;
    private int _disposed;

    private OpenVinoChatClient(PipelineWorker worker, OpenVinoModelInfo info, int? maxPromptLength, ILogger logger)
    {
        _worker = worker;
        _logger = logger;
        _maxPromptLength = maxPromptLength;
        Info = info;
        // No provider URI: in-process (see GgufChatClient); the folder is in OpenVinoModelInfo.
        _metadata = new ChatClientMetadata(ProviderName, providerUri: null, Path.GetFileName(info.Folder));
    }

    /// <summary>Gets facts about the model and how it runs (folder and device actually used, failed attempts).</summary>
    public OpenVinoModelInfo Info { get; }

    /// <summary>Loads (compiles) an OpenVINO model folder, applying the device and weight-format fallbacks of <paramref name="options"/>.</summary>
    /// <param name="modelFolder">The converted model folder; a leading <c>~</c> means the home folder.</param>
    /// <param name="options">Engine settings; <see langword="null"/> for the defaults (CPU).</param>
    /// <param name="loggerFactory">Creates the engine's logger (compile attempts, fallbacks, request timings).</param>
    /// <param name="cancellationToken">Cancels the load between compile attempts.</param>
    /// <returns>The client, owning the compiled pipeline.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelFolder"/> is empty, or an option is not valid.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The folder lacks model, tokenizer or detokenizer files (the message lists them).</exception>
    /// <exception cref="InvalidDataException">The folder's <c>conversion.json</c> is not valid JSON.</exception>
    /// <exception cref="DllNotFoundException">The OpenVINO GenAI runtime was not found.</exception>
    /// <exception cref="OpenVinoException">No folder/device pair compiled; the message lists every attempt.</exception>
    public static Task<OpenVinoChatClient> LoadAsync(
        string modelFolder,
        OpenVinoEngineOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
        => LoadAsync(modelFolder, options, OpenVinoRuntimeFactory.Default, loggerFactory, cancellationToken);

    /// <summary>Loads on a given runtime (tests, or a runtime the caller already loaded).</summary>
    internal static Task<OpenVinoChatClient> LoadAsync(
        string modelFolder,
        OpenVinoEngineOptions? options,
        IGenAiRuntime runtime,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return LoadAsync(modelFolder, options, _ => runtime, loggerFactory, cancellationToken);
    }

    /// <summary>Loads on the runtime that <paramref name="runtimeFactory"/> returns for <see cref="OpenVinoEngineOptions.NativeLibraryDirectory"/> (called on the load thread).</summary>
    internal static Task<OpenVinoChatClient> LoadAsync(
        string modelFolder,
        OpenVinoEngineOptions? options,
        Func<string?, IGenAiRuntime> runtimeFactory,
        ILoggerFactory? loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelFolder);
        ArgumentNullException.ThrowIfNull(runtimeFactory);
        OpenVinoEngineOptions settings = Snapshot(options ?? new OpenVinoEngineOptions());
        OpenVinoModelFolder folder = OpenVinoModelFolder.Validate(modelFolder); // a clear managed error before any native code
        ILogger logger = loggerFactory?.CreateLogger<OpenVinoChatClient>() ?? NullLogger<OpenVinoChatClient>.Instance;

        // Compiling runs native code for seconds to minutes: give it a thread of its own.
        return Task.Factory.StartNew(
            () => Load(folder, settings, runtimeFactory, logger, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// There are no messages, or the estimated prompt length exceeds <see cref="OpenVinoEngineOptions.MaxPromptLength"/>
    /// (checked before any native call).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (for example a negative temperature).</exception>
    /// <exception cref="NotSupportedException"><see cref="ChatOptions.Tools"/> is not empty, a JSON response format is asked for, or a message has a role other than system, user or assistant.</exception>
    /// <exception cref="ObjectDisposedException">The client is disposed.</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ChatMessage[] list = [.. messages];
        ChatRequestValidation.ThrowIfNothingToAnswer(list);
        ChatRequestValidation.ThrowIfNullStopSequence(options);
        GenAiGenerationSettings settings = OpenVinoOptionsMapper.Map(options);
        IReadOnlyList<(string Role, string Content)> history = ToHistory(list);
        CheckPromptLength(history, _maxPromptLength);
        return StreamAsync(new GenAiRequest(history, settings), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Returns <see cref="ChatClientMetadata"/>, <see cref="OpenVinoModelInfo"/> or the client itself; <see langword="null"/> for a non-null key.</remarks>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType == typeof(OpenVinoModelInfo) ? Info
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Fails queued requests, lets the running one end, then frees the pipeline.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _worker.Dispose();
        }
    }

    /// <summary>
    /// Estimates the prompt length in tokens: the UTF-8 bytes of all message texts divided by 3, rounded up. It is an
    /// estimate (the tokenizer runs in native code): typical BPE vocabularies average 3 to 4 bytes per token on English text,
    /// so it errs on the long side; the chat template's own tokens are not counted.
    /// </summary>
    internal static int EstimatePromptTokens(IReadOnlyList<(string Role, string Content)> history)
    {
        long bytes = history.Sum(m => (long)Encoding.UTF8.GetByteCount(m.Content));
        return (int)Math.Min(int.MaxValue, (bytes + 2) / 3);
    }

    /// <summary>The default compiled-model cache: <c>$XDG_CACHE_HOME/benny/openvino</c>, else <c>~/.cache/benny/openvino</c> (<c>%LOCALAPPDATA%\benny\openvino</c> on Windows).</summary>
    internal static string DefaultCacheDirectory()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg) ? xdg
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "benny", "openvino");
    }

    private static void CheckPromptLength(IReadOnlyList<(string Role, string Content)> messages, int? maxPromptLength)
    {
        if (maxPromptLength is not { } limit)
        {
            return;
        }

        int estimate = EstimatePromptTokens(messages);
        if (estimate > limit)
        {
            throw new ArgumentException(
                $"The prompt is about {estimate} tokens (estimated as UTF-8 bytes / 3), more than OpenVinoEngineOptions.MaxPromptLength = {limit} "
                + "(MAX_PROMPT_LEN on an NPU). Shorten the conversation, or raise MaxPromptLength (on an NPU the model is compiled for that length).",
                nameof(messages));
        }
    }

    private static List<(string Role, string Content)> ToHistory(IEnumerable<ChatMessage> messages)
    {
        var history = new List<(string Role, string Content)>();
        foreach (ChatMessage message in messages)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            string role = message.Role == ChatRole.System ? "system"
                : message.Role == ChatRole.User ? "user"
                : message.Role == ChatRole.Assistant ? "assistant"
                : throw new NotSupportedException(
                    $"The OpenVINO engine renders system, user and assistant messages; a message has the role '{message.Role}'. Tool calls are not supported.");
            history.Add((role, message.Text));
        }

        return history;
    }

    private static OpenVinoEngineOptions Snapshot(OpenVinoEngineOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Device))
        {
            throw new ArgumentException("OpenVinoEngineOptions.Device must name a device (CPU, GPU, NPU, AUTO, ...).", nameof(options));
        }

        if (options.MaxPromptLength is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxPromptLength, "OpenVinoEngineOptions.MaxPromptLength must be positive.");
        }

        if (options.MinResponseLength is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinResponseLength, "OpenVinoEngineOptions.MinResponseLength must be positive.");
        }

        return new OpenVinoEngineOptions
        {
            NativeLibraryDirectory = options.NativeLibraryDirectory,
            Device = options.Device.Trim(),
            CacheDirectory = options.CacheDirectory,
            FallbackDevices = [.. options.FallbackDevices ?? []],
            FallbackToOtherWeightFormats = options.FallbackToOtherWeightFormats,
            MaxPromptLength = options.MaxPromptLength,
            MinResponseLength = options.MinResponseLength,
        };
    }

    private static OpenVinoChatClient Load(OpenVinoModelFolder folder, OpenVinoEngineOptions options, Func<string?, IGenAiRuntime> runtimeFactory, ILogger logger, CancellationToken cancellationToken)
    {
        IGenAiRuntime runtime = runtimeFactory(options.NativeLibraryDirectory);
        string cacheDirectory = string.IsNullOrWhiteSpace(options.CacheDirectory)
            ? DefaultCacheDirectory()
            : Benny.Runtime.PathExpansion.GetFullPath(options.CacheDirectory);
        DevicePolicy.Loaded loaded = DevicePolicy.Load(runtime, folder, options, cacheDirectory, logger, cancellationToken);
        try
        {
            OpenVinoModelFolder used = loaded.Folder;
            var info = new OpenVinoModelInfo(
                used.Path, folder.Path, loaded.Device, used.WeightFormat, used.SourceModel ?? folder.SourceModel, used.Task ?? folder.Task,
                runtime.Description, cacheDirectory, loaded.FailedAttempts);
            var worker = new PipelineWorker(loaded.Pipeline, Path.GetFileName(used.Path), logger);
            LogLoaded(logger, used.Path, loaded.Device, used.WeightFormat ?? "unknown", loaded.FailedAttempts.Count);
            return new OpenVinoChatClient(worker, info, options.MaxPromptLength, logger);
        }
        catch
        {
            loaded.Pipeline.Dispose();
            throw;
        }
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(GenAiRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var output = Channel.CreateUnbounded<GenerationEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var stop = new CancellationTokenSource(); // not linked or disposed: the worker thread may still read it after this method ends
        using CancellationTokenRegistration forward = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), stop);
        _worker.Enqueue(new GenerationJob(request, output.Writer, stop.Token));

        string responseId = Guid.NewGuid().ToString("N");
        string messageId = Guid.NewGuid().ToString("N");
        string? modelId = _metadata.DefaultModelId;
        DateTimeOffset created = DateTimeOffset.UtcNow;
        bool completed = false;
        bool anyText = false;
        try
        {
            // Reading with the caller's token ends the stream as soon as it is cancelled; the worker answers CANCEL at the next piece.
            await foreach (GenerationEvent item in output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (item)
                {
                    case GenerationEvent.Text text:
                        anyText = true;
                        yield return new ChatResponseUpdate(ChatRole.Assistant, text.Value)
                        {
                            ResponseId = responseId, MessageId = messageId, ModelId = modelId, CreatedAt = created,
                        };
                        break;

                    case GenerationEvent.Completed done:
                        completed = true;
                        if (!anyText && done.Result.Text.Length > 0)
                        {
                            // A runtime that did not stream: the whole text in one update.
                            yield return new ChatResponseUpdate(ChatRole.Assistant, done.Result.Text)
                            {
                                ResponseId = responseId, MessageId = messageId, ModelId = modelId, CreatedAt = created,
                            };
                        }

                        yield return FinalUpdate(done.Result, request.Settings, responseId, messageId, modelId, created);
                        break;
                }
            }
        }
        finally
        {
            if (!completed)
            {
                await stop.CancelAsync().ConfigureAwait(false); // the consumer stopped early or failed: the streamer answers CANCEL
            }
        }
    }

    private ChatResponseUpdate FinalUpdate(GenAiResult result, GenAiGenerationSettings settings, string responseId, string messageId, string? modelId, DateTimeOffset created)
    {
        GenAiPerfMetrics? metrics = result.Metrics;
        ChatFinishReason reason = settings.MaxNewTokens is { } max && metrics is { } m && m.GeneratedTokens >= max
            ? ChatFinishReason.Length
            : ChatFinishReason.Stop;
        var update = new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = responseId,
            MessageId = messageId,
            ModelId = modelId,
            CreatedAt = created,
            FinishReason = reason,
            RawRepresentation = result,
        };

        if (metrics is not null)
        {
            update.Contents.Add(new UsageContent(new UsageDetails
            {
                InputTokenCount = metrics.InputTokens,
                OutputTokenCount = metrics.GeneratedTokens,
                TotalTokenCount = metrics.InputTokens + metrics.GeneratedTokens,
            }));
            update.AdditionalProperties = new()
            {
                [TimeToFirstTokenKey] = (double)metrics.TimeToFirstTokenMs,
                [TimePerOutputTokenKey] = (double)metrics.TimePerOutputTokenMs,
                [ThroughputKey] = (double)metrics.ThroughputTokensPerSecond,
            };
            LogCompleted(_logger, modelId ?? "", Info.Device, metrics.InputTokens, metrics.GeneratedTokens, metrics.TimeToFirstTokenMs, metrics.TimePerOutputTokenMs, reason.Value);
        }

        return update;
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Loaded OpenVINO model {Folder} on {Device} (weights {WeightFormat}) after {FailedAttempts} failed attempt(s).")]
    private static partial void LogLoaded(ILogger logger, string folder, string device, string weightFormat, int failedAttempts);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "OpenVINO model {ModelId} on {Device}: {InputTokens} prompt tokens, {OutputTokens} output tokens, first token after {TimeToFirstTokenMs:F1} ms, {TimePerOutputTokenMs:F1} ms per token, finish {FinishReason}.")]
    private static partial void LogCompleted(ILogger logger, string modelId, string device, int inputTokens, int outputTokens, float timeToFirstTokenMs, float timePerOutputTokenMs, string finishReason);
}
