using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Benny.Engines.Gguf.Inference;
using Benny.Engines.Gguf.Native;
using Benny.Runtime.Templates.ToolCalling;
using Benny.Runtime.Validation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Benny.Engines.Gguf;

/// <summary>
/// An <see cref="IChatClient"/> over a GGUF model running in-process on llama.cpp: renders messages with the
/// model's chat template (plain concatenation for models without one), samples as <see cref="ChatOptions"/>
/// asks (temperature 0 = greedy), and streams text as tokens decode.
/// </summary>
/// <remarks>
/// <para>
/// The model has its own decode thread, which decodes up to <see cref="GgufEngineOptions.Parallel"/> requests together
/// (continuous batching, one <c>llama_decode</c> per step) and reuses the KV cache of earlier requests that share a
/// prompt prefix; further requests wait in a queue of at most <see cref="GgufEngineOptions.QueueLimit"/>. The native
/// context is never touched from the caller's thread. Streams never split a UTF-8 character, never emit any part of a stop
/// sequence, and end with an update carrying the finish reason and <see cref="UsageContent"/> (input, output and
/// cached input tokens). Cancelling a request stops decoding between tokens (and aborts a long prompt pass on the CPU); a cancelled
/// request still waiting for a slot ends at once.
/// </para>
/// <para>
/// Metrics (OpenTelemetry GenAI server conventions) go to the meter <see cref="MeterName"/>:
/// <c>gen_ai.server.time_to_first_token</c>, <c>gen_ai.server.time_per_output_token</c>,
/// <c>gen_ai.server.request.duration</c> (seconds, per completed request) and <c>benny.gguf.requests.queued</c>
/// (requests waiting for a sequence slot).
/// </para>
/// <para>Create one with <see cref="LoadAsync(string, GgufEngineOptions?, IProgress{float}?, ILoggerFactory?, IMeterFactory?, CancellationToken)"/>; dispose it to free the model.</para>
/// </remarks>
public sealed partial class GgufChatClient : IChatClient
{
    /// <summary>The name of the <see cref="Meter"/> of the engine's metrics (pass it to OpenTelemetry's <c>AddMeter</c>).</summary>
    public const string MeterName = "Benny.Engines.Gguf";

    private readonly LlamaModel _model;
    private readonly InferenceContext _context;
    private readonly ChatPromptRenderer _prompts;
    private readonly ChatClientMetadata _metadata;
    private readonly ILogger _logger;
    private readonly GgufMetrics _metrics;
    private int _disposed;

    private GgufChatClient(LlamaModel model, Format.GgufFile file, InferenceContext context, ChatPromptRenderer prompts, GgufNativeDiagnostics natives, GgufMetrics metrics, ILogger logger)
    {
        _model = model;
        _context = context;
        _metrics = metrics;
        _prompts = prompts;
        _logger = logger;
        string modelId = model.Name ?? Path.GetFileNameWithoutExtension(model.Path);
        // No provider URI: the model runs in this process, so OpenTelemetry gets no server.address/server.port (a file URI
        // gave an empty address and port -1, and put the model's path into telemetry). The path is in GgufModelInfo.
        _metadata = new ChatClientMetadata("llama.cpp", providerUri: null, modelId);
        Natives = natives;
        Info = new GgufModelInfo(
            model.Path, model.Name, model.Architecture, model.Description, model.Quantization ?? DominantWeightType(file), model.ParameterCount, model.SizeBytes, model.LayerCount,
            model.EmbeddingLength, model.VocabularySize, model.TrainContextLength, context.ContextSize, context.BatchSize,
            context.SequenceSlots, context.Threads, model.Plan.Backend, model.Plan.Devices, model.Plan.GpuLayers, model.ChatTemplate, natives.LlamaVersion);
    }

    /// <summary>Gets facts about the model and how it runs.</summary>
    public GgufModelInfo Info { get; }

    /// <summary>Gets the loaded model, which the client owns (an embedding generator on the same weights borrows it).</summary>
    internal LlamaModel Model => _model;

    /// <summary>Gets the decode context (tests look at its state).</summary>
    internal InferenceContext Context => _context;

    /// <summary>Gets what the engine found and loaded (natives folder, backends, devices).</summary>
    public GgufNativeDiagnostics Natives { get; }

    /// <summary>Loads a GGUF model.</summary>
    /// <param name="modelPath">The <c>.gguf</c> file; a leading <c>~</c> means the home folder.</param>
    /// <param name="options">Engine settings; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives load progress in [0, 1].</param>
    /// <param name="loggerFactory">Creates the engine's logger (load plan, llama.cpp's own log lines).</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The client, owning the model.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="Format.GgufFormatException">The file is not a valid GGUF file (checked before llama.cpp sees it).</exception>
    /// <exception cref="DllNotFoundException">The llama.cpp natives were not found (the message lists where it looked).</exception>
    /// <exception cref="InvalidOperationException">The natives are the wrong version, the backend has no device, or llama.cpp could not load the model.</exception>
    public static Task<GgufChatClient> LoadAsync(
        string modelPath,
        GgufEngineOptions? options = null,
        IProgress<float>? progress = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
        => LoadAsync(modelPath, options, progress, loggerFactory, meterFactory: null, cancellationToken);

    /// <summary>Loads a GGUF model, creating its metrics' <see cref="Meter"/> (<see cref="MeterName"/>) from <paramref name="meterFactory"/>.</summary>
    /// <param name="modelPath">The <c>.gguf</c> file; a leading <c>~</c> means the home folder.</param>
    /// <param name="options">Engine settings; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives load progress in [0, 1].</param>
    /// <param name="loggerFactory">Creates the engine's logger (load plan, llama.cpp's own log lines).</param>
    /// <param name="meterFactory">Creates the engine's <see cref="Meter"/>; when <see langword="null"/>, the client creates one, owns it and disposes it with itself.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The client, owning the model.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="Format.GgufFormatException">The file is not a valid GGUF file (checked before llama.cpp sees it).</exception>
    /// <exception cref="DllNotFoundException">The llama.cpp natives were not found (the message lists where it looked).</exception>
    /// <exception cref="InvalidOperationException">The natives are the wrong version, the backend has no device, or llama.cpp could not load the model.</exception>
    public static Task<GgufChatClient> LoadAsync(
        string modelPath,
        GgufEngineOptions? options,
        IProgress<float>? progress,
        ILoggerFactory? loggerFactory,
        IMeterFactory? meterFactory,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        options ??= new GgufEngineOptions();
        ValidateOptions(options);
        string path = Benny.Runtime.PathExpansion.GetFullPath(modelPath);
        if (Directory.Exists(path))
        {
            string[] inside = [.. Directory.EnumerateFiles(path, "*.gguf").Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(10)!];
            throw new FileNotFoundException(
                $"The GGUF model path '{path}' is a folder, not a GGUF file. Point the model's Path at the .gguf file"
                + (inside.Length > 0 ? $"; the folder holds {string.Join(", ", inside)}." : "; the folder holds no .gguf file."), path);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The GGUF model file '{path}' does not exist. Check the model's Path (or download the model first).", path);
        }

        ILogger logger = loggerFactory?.CreateLogger<GgufChatClient>() ?? NullLogger<GgufChatClient>.Instance;

        // Loading reads the whole file and runs native code for seconds: give it a thread of its own.
        return Task.Factory.StartNew(
            () => Load(path, options, progress, logger, meterFactory, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    /// <inheritdoc />
    /// <exception cref="GgufQueueFullException">Every sequence slot is busy and <see cref="GgufEngineOptions.QueueLimit"/> requests already wait; the request was not queued.</exception>
    /// <remarks>
    /// The streamed updates combined; <see cref="ChatResponse.AdditionalProperties"/> also holds the final update's
    /// <c>benny.*</c> figures (prompt, generation, queue and first-token times, cached prompt tokens).
    /// </remarks>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => CombineAsync(Start(messages, options, buffered: true, cancellationToken), cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (for example a negative temperature).</exception>
    /// <exception cref="NotSupportedException">Tools were given to a model whose template has no tool-call format, a message holds content the model cannot take (images, audio), or a JSON schema uses a keyword the grammar cannot enforce (see <see cref="Grammar.JsonSchemaGrammar"/>).</exception>
    /// <exception cref="ArgumentException">There is nothing to answer (no message, or only empty ones), a stop sequence is <see langword="null"/>, or the response format's JSON schema is malformed or no value satisfies it.</exception>
    /// <exception cref="ObjectDisposedException">The client is disposed.</exception>
    /// <exception cref="GgufQueueFullException">Every sequence slot is busy and <see cref="GgufEngineOptions.QueueLimit"/> requests already wait; the request was not queued.</exception>
    /// <remarks>The request is queued by this call, before the stream is enumerated.</remarks>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => Start(messages, options, buffered: false, cancellationToken);

    /// <summary>Validates and queues a request; <paramref name="buffered"/> delivers its text once, at the end (for <see cref="GetResponseAsync"/>).</summary>
    private IAsyncEnumerable<ChatResponseUpdate> Start(IEnumerable<ChatMessage> messages, ChatOptions? options, bool buffered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ChatMessage[] history = [.. messages];
        ChatRequestValidation.ThrowIfNothingToAnswer(history);
        ChatRequestValidation.ThrowIfNullStopSequence(options);
        GenerationRequest request = GgufOptionsMapper.Map(options, _prompts.ToolCallFormat, _prompts.ReasoningFormat);
        RenderedPrompt prompt = _prompts.Render(history, options);
        if (request.ToolCalls?.NotEnforced is { Count: > 0 } relaxed)
        {
            LogToolSchemasRelaxed(_logger, _metadata.DefaultModelId ?? "", relaxed);
        }

        // Queued now, not at the first MoveNextAsync, so a full queue is reported here.
        var output = Channel.CreateUnbounded<GenerationEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
        var stop = new CancellationTokenSource(); // not linked: the decode thread may still read it after the stream ends
        CancellationTokenRegistration forward = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), stop);
        try
        {
            _context.Enqueue(new GenerationJob(prompt, request, output.Writer, stop.Token) { Buffered = buffered });
        }
        catch
        {
            forward.Dispose();
            throw;
        }

        return StreamAsync(output.Reader, request, stop, forward, cancellationToken);
    }

    /// <summary>Renders the prompt a request would get (for tests and diagnostics).</summary>
    internal RenderedPrompt RenderPrompt(IEnumerable<ChatMessage> messages, ChatOptions? options = null) => _prompts.Render([.. messages], options);

    /// <summary>Gets how prompts are made: <c>jinja</c>, <c>llama.cpp</c> or <c>plain</c>.</summary>
    internal string PromptKind => _prompts.Kind;

    /// <inheritdoc />
    /// <remarks>Returns <see cref="ChatClientMetadata"/>, <see cref="GgufModelInfo"/>, <see cref="GgufNativeDiagnostics"/> or the client itself; <see langword="null"/> for a non-null key.</remarks>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType == typeof(GgufModelInfo) ? Info
            : serviceType == typeof(GgufNativeDiagnostics) ? Natives
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Aborts the running requests, fails the queued ones with <see cref="ObjectDisposedException"/>, then frees the context and the model (and the client's own <see cref="Meter"/>, not one from a meter factory).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _context.Dispose();
            _model.Dispose();
            _metrics.Dispose();
            NativeHeap.Trim();
        }
    }

    private static GgufChatClient Load(string path, GgufEngineOptions options, IProgress<float>? progress, ILogger logger, IMeterFactory? meterFactory, CancellationToken cancellationToken)
    {
        Format.GgufFile file = Format.GgufFile.Read(path); // a malformed file is a clear managed error, never a native crash
        GgufNativeDiagnostics natives = LlamaNativeLibrary.EnsureLoaded(options.NativeLibraryDirectory, logger, options.Backend);
        BackendPlan plan = BackendPlan.Choose(options.Backend, options.GpuLayers, options.MainGpu, natives.Devices);
        LogLoading(logger, path, plan, natives.Variant, natives.Directory);

        LlamaModel model = LlamaModel.Load(path, plan, progress, cancellationToken);
        try
        {
            int contextSize = options.ContextSize ?? Math.Min(model.TrainContextLength > 0 ? model.TrainContextLength : 4096, 4096);
            int threads = options.Threads ?? GgufThreadRule.Choose(model.SizeBytes);
            ChatPromptRenderer prompts = ChatPromptRenderer.Create(model, options, logger);
            string modelId = model.Name ?? Path.GetFileNameWithoutExtension(model.Path);
            var metrics = new GgufMetrics(modelId, meterFactory);
            InferenceContext context;
            try
            {
                // Adaptive: between 1 and the rule's count, as measured. Not above it: a pool with more threads than a step
                // uses still wakes them all, and on a tiny model their spinning costs more than a second core gains.
                int adaptiveMaximum = (options.AdaptiveThreads ?? options.Threads is null) && options.OwnThreadPool ? threads : 0;
                context = new InferenceContext(model, modelId, contextSize, Math.Min(options.BatchSize, contextSize), threads, options.Parallel, options.QueueLimit, options.FlashAttention, metrics, logger, options.OwnThreadPool ? options.ThreadPolling ?? GgufEngineOptions.DefaultThreadPolling : null, adaptiveMaximum);
            }
            catch
            {
                metrics.Dispose();
                throw;
            }

            var client = new GgufChatClient(model, file, context, prompts, natives, metrics, logger);
            LogLoaded(logger, path, model.Description, context.ContextSize, threads, plan);
            return client;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>For files without <c>general.file_type</c>: the most common type of the weight matrices.</summary>
    private static string? DominantWeightType(Format.GgufFile file)
        => file.Tensors.Where(t => t.Dimensions.Count >= 2)
            .GroupBy(t => t.Type)
            .OrderByDescending(g => g.Sum(t => t.ByteSize))
            .Select(g => g.Key.ToString())
            .FirstOrDefault();

    private static void ValidateOptions(GgufEngineOptions options)
    {
        if (options.ContextSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ContextSize, "GgufEngineOptions.ContextSize must be positive.");
        }

        if (options.BatchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "GgufEngineOptions.BatchSize must be positive.");
        }

        if (options.Threads is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "GgufEngineOptions.Threads must be positive.");
        }

        if (options.Parallel <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Parallel, "GgufEngineOptions.Parallel must be positive.");
        }

        if (options.QueueLimit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.QueueLimit, "GgufEngineOptions.QueueLimit must be 0 or more.");
        }

        if (options.ThreadPolling is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ThreadPolling, "GgufEngineOptions.ThreadPolling must be in [0, 100].");
        }

        if (options.MainGpu < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MainGpu, "GgufEngineOptions.MainGpu must be 0 or more.");
        }
    }

    /// <summary>Combines the updates like <c>ToChatResponseAsync</c>, then copies the final update's additional properties onto the response.</summary>
    private static async Task<ChatResponse> CombineAsync(IAsyncEnumerable<ChatResponseUpdate> stream, CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
        }

        ChatResponse response = updates.ToChatResponse();
        if (updates.Count > 0 && updates[^1].AdditionalProperties is { Count: > 0 } figures)
        {
            response.AdditionalProperties ??= [];
            foreach (KeyValuePair<string, object?> figure in figures)
            {
                response.AdditionalProperties[figure.Key] = figure.Value;
            }
        }

        return response;
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        ChannelReader<GenerationEvent> output,
        GenerationRequest request,
        CancellationTokenSource stop,
        CancellationTokenRegistration forward,
        [EnumeratorCancellation] CancellationToken enumeratorCancellation)
    {
        using CancellationTokenRegistration forwardEnumerator = enumeratorCancellation.Register(static s => ((CancellationTokenSource)s!).Cancel(), stop);

        string responseId = Guid.NewGuid().ToString("N");
        string messageId = Guid.NewGuid().ToString("N");
        DateTimeOffset created = DateTimeOffset.UtcNow;
        ToolCallStreamParser? calls = request.ToolCalls is { } parsing ? new ToolCallStreamParser(parsing.Format, parsing.Reasoning) : null;
        bool anyCall = false;
        bool completed = false;
        ChatResponseUpdate Update(IList<AIContent> contents) => new(ChatRole.Assistant, contents)
        {
            ResponseId = responseId, MessageId = messageId, ModelId = _metadata.DefaultModelId, CreatedAt = created,
        };

        try
        {
            await foreach (GenerationEvent item in output.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                // Nothing buffered is delivered once the caller cancelled.
                stop.Token.ThrowIfCancellationRequested();
                switch (item)
                {
                    case GenerationEvent.Text text when calls is null:
                        yield return Update([new TextContent(text.Value)]);
                        break;
                    case GenerationEvent.Text text:
                        // Tool-call markup is held back by the parser and never reaches a text update.
                        ToolCallStreamUpdate parsed = calls.Append(text.Value);
                        anyCall |= parsed.Calls.Count > 0;
                        if (parsed.ToContents() is { Count: > 0 } contents)
                        {
                            yield return Update(contents);
                        }

                        break;
                    case GenerationEvent.Completed done:
                        completed = true;
                        if (calls is not null)
                        {
                            ToolCallStreamUpdate rest = calls.Complete();
                            anyCall |= rest.Calls.Count > 0;
                            if (rest.ToContents() is { Count: > 0 } last)
                            {
                                yield return Update(last);
                            }
                        }

                        ChatFinishReason reason = anyCall && done.Reason == ChatFinishReason.Stop ? ChatFinishReason.ToolCalls : done.Reason;
                        _metrics.Completed(done);
                        LogCompleted(_logger, _metadata.DefaultModelId ?? "", done.PromptTokens, done.OutputTokens, done.PromptMilliseconds, done.GenerationMilliseconds, reason.Value);
                        yield return new ChatResponseUpdate
                        {
                            Role = ChatRole.Assistant,
                            ResponseId = responseId,
                            MessageId = messageId,
                            ModelId = _metadata.DefaultModelId,
                            CreatedAt = created,
                            FinishReason = reason,
                            Contents =
                            [
                                new UsageContent(new UsageDetails
                                {
                                    InputTokenCount = done.PromptTokens,
                                    OutputTokenCount = done.OutputTokens,
                                    TotalTokenCount = done.PromptTokens + done.OutputTokens,
                                    CachedInputTokenCount = done.CachedPromptTokens,
                                }),
                            ],
                            AdditionalProperties = new()
                            {
                                ["benny.prompt_ms"] = done.PromptMilliseconds,
                                ["benny.generation_ms"] = done.GenerationMilliseconds,
                                ["benny.cached_prompt_tokens"] = done.CachedPromptTokens,
                                ["benny.queue_ms"] = done.QueueMilliseconds,
                                ["benny.time_to_first_token_ms"] = done.TimeToFirstTokenMilliseconds,
                            },
                        };
                        break;
                }
            }
        }
        finally
        {
            if (!completed)
            {
                stop.Cancel(); // the consumer stopped early or failed: free the slot
            }

            forward.Dispose();
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Loading GGUF model {Path}: {Plan} (llama.cpp {NativeVariant} build from {NativeDirectory}).")]
    private static partial void LogLoading(ILogger logger, string path, BackendPlan plan, string nativeVariant, string nativeDirectory);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Loaded GGUF model {Path} ({Description}): context {ContextSize} tokens, {Threads} thread(s), {Plan}.")]
    private static partial void LogLoaded(ILogger logger, string path, string description, int contextSize, int threads, BackendPlan plan);

    [LoggerMessage(EventId = 14, Level = LogLevel.Debug, Message = "GGUF model {ModelId}: tool argument keywords the grammar does not enforce: {Keywords}.")]
    private static partial void LogToolSchemasRelaxed(ILogger logger, string modelId, IReadOnlyList<string> keywords);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "GGUF model {ModelId}: {PromptTokens} prompt tokens in {PromptMilliseconds:F1} ms, {OutputTokens} output tokens in {GenerationMilliseconds:F1} ms, finish {FinishReason}.")]
    private static partial void LogCompleted(ILogger logger, string modelId, int promptTokens, int outputTokens, double promptMilliseconds, double generationMilliseconds, string finishReason);
}
