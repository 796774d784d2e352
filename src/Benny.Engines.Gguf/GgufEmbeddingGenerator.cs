using System.Globalization;
using System.Text;
using Benny.Engines.Gguf.Inference;
using Benny.Engines.Gguf.Native;
using Benny.Runtime.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Benny.Engines.Gguf;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over a GGUF model run by llama.cpp: one pooled vector per input.
/// </summary>
/// <remarks>
/// <para>
/// The generator has its own llama.cpp context (embeddings on, the pooling of <see cref="Pooling"/>) and a thread of its own
/// that does all native work (tokenizing, decoding), one call at a time: the context is only ever used by that thread.
/// Several inputs of one call are decoded together in one batch, one sequence each, as many as
/// <see cref="GgufEmbeddingOptions.MaxBatchInputs"/> and the context size allow; the memory is cleared between batches.
/// </para>
/// <para>Cancellation is honoured between batches (the returned task is cancelled at once).</para>
/// </remarks>
public sealed unsafe class GgufEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly LlamaModel _model;
    private readonly bool _ownsModel;
    private readonly SafeLlamaContextHandle _context;
    private readonly DedicatedWorker<EmbeddingJob> _worker;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly string _modelId;
    private readonly bool _normalize;
    private readonly bool _truncate;
    private LlamaBatch _batch;
    private int _disposed;

    private GgufEmbeddingGenerator(LlamaModel model, bool ownsModel, GgufEmbeddingOptions options)
    {
        _model = model;
        _ownsModel = ownsModel;
        _normalize = options.Normalize;
        _truncate = options.Truncate;
        Pooling = options.Pooling ?? ModelPooling(model);
        int contextSize = options.ContextSize ?? Math.Min(model.TrainContextLength > 0 ? model.TrainContextLength : 4096, 4096);
        int threads = options.Threads ?? GgufThreadRule.Choose(model.SizeBytes);

        LlamaContextParams parameters = Interop.ContextDefaultParams();
        parameters.NCtx = (uint)contextSize;
        parameters.NBatch = (uint)contextSize; // a whole input must be in one batch: pooling sees every token of its sequence
        parameters.NUbatch = (uint)contextSize;
        parameters.NSeqMax = (uint)options.MaxBatchInputs;
        parameters.NThreads = threads;
        parameters.NThreadsBatch = threads;
        parameters.Embeddings = 1;
        parameters.PoolingType = (LlamaPoolingType)(int)Pooling;
        parameters.KvUnified = 1; // the inputs of a batch share the context
        _context = Interop.ContextInit(model.Handle, parameters);
        try
        {
            ContextSize = Math.Min(Interop.ContextSize(_context), Interop.ContextBatchSize(_context));
            MaxBatchInputs = Interop.ContextSequenceCount(_context);
            Dimensions = model.EmbeddingLength;
            _batch = Interop.BatchInit(ContextSize, 1);
        }
        catch
        {
            _context.Dispose();
            throw;
        }

        _modelId = model.Name ?? Path.GetFileNameWithoutExtension(model.Path);
        _metadata = new EmbeddingGeneratorMetadata("llama.cpp", providerUri: null, _modelId, Dimensions);
        _worker = new DedicatedWorker<EmbeddingJob>(
            $"Benny GGUF embeddings ({Path.GetFileName(model.Path)})",
            Run,
            static (job, error) => job.Completion.TrySetException(error),
            "The GGUF embedding generator is disposed.");
    }

    /// <summary>Gets the pooling in use.</summary>
    public GgufPoolingType Pooling { get; }

    /// <summary>Gets the context size in tokens: the longest input and the most tokens in one batch.</summary>
    public int ContextSize { get; }

    /// <summary>Gets the most inputs decoded in one batch.</summary>
    public int MaxBatchInputs { get; }

    /// <summary>Gets the length of each vector (the model's embedding length).</summary>
    public int Dimensions { get; }

    /// <summary>Gets the model the generator runs on (owned, or borrowed from a chat client on the same weights).</summary>
    internal LlamaModel Model => _model;

    /// <summary>Loads a GGUF model for embeddings.</summary>
    /// <param name="modelPath">The <c>.gguf</c> file; a leading <c>~</c> means the home folder.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Creates the logger of the native loader.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The generator, owning the model.</returns>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="Format.GgufFormatException">The file is not a valid GGUF file.</exception>
    /// <exception cref="DllNotFoundException">The llama.cpp natives were not found.</exception>
    /// <exception cref="NotSupportedException">The model is a reranker (rank pooling) and no <see cref="GgufEmbeddingOptions.Pooling"/> was given.</exception>
    /// <exception cref="InvalidOperationException">llama.cpp could not load the model or create the context.</exception>
    public static Task<GgufEmbeddingGenerator> LoadAsync(
        string modelPath,
        GgufEmbeddingOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
        => LoadAsync(modelPath, options, progress: null, loggerFactory, cancellationToken);

    /// <summary>Loads a GGUF model for embeddings, reporting the load's progress (the engine provider's embedding-only models).</summary>
    internal static Task<GgufEmbeddingGenerator> LoadAsync(
        string modelPath,
        GgufEmbeddingOptions? options,
        IProgress<float>? progress,
        ILoggerFactory? loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        options ??= new GgufEmbeddingOptions();
        ValidateOptions(options);
        string path = Benny.Runtime.PathExpansion.GetFullPath(modelPath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The GGUF model file '{path}' does not exist. Check the model's Path (or download the model first).", path);
        }

        ILogger logger = loggerFactory?.CreateLogger<GgufEmbeddingGenerator>() ?? NullLogger<GgufEmbeddingGenerator>.Instance;

        // Loading reads the whole file and runs native code for seconds: give it a thread of its own.
        return Task.Factory.StartNew(
            () =>
            {
                _ = Format.GgufFile.Read(path); // a malformed file is a clear managed error, never a native crash
                GgufNativeDiagnostics natives = LlamaNativeLibrary.EnsureLoaded(options.NativeLibraryDirectory, logger, options.Backend);
                BackendPlan plan = BackendPlan.Choose(options.Backend, options.GpuLayers, 0, natives.Devices);
                LlamaModel model = LlamaModel.Load(path, plan, progress, cancellationToken);
                try
                {
                    return new GgufEmbeddingGenerator(model, ownsModel: true, options);
                }
                catch
                {
                    model.Dispose();
                    throw;
                }
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    /// <summary>Creates a generator over an already loaded model (the model's chat client keeps owning it).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    internal static GgufEmbeddingGenerator Create(LlamaModel model, GgufEmbeddingOptions? options, bool ownsModel)
    {
        options ??= new GgufEmbeddingOptions();
        ValidateOptions(options);
        return new GgufEmbeddingGenerator(model, ownsModel, options);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An input is <see langword="null"/>, has no tokens, or (without <see cref="GgufEmbeddingOptions.Truncate"/>) is longer than <see cref="ContextSize"/>; the message names its index and lengths.</exception>
    /// <exception cref="NotSupportedException"><see cref="EmbeddingGenerationOptions.Dimensions"/> asks for another length than <see cref="Dimensions"/>.</exception>
    /// <exception cref="ObjectDisposedException">The generator is disposed.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        string[] inputs = [.. values];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is null)
            {
                throw new ArgumentException($"Input {i} is null.", nameof(values));
            }
        }

        if (options?.Dimensions is { } dimensions && dimensions != Dimensions)
        {
            throw new NotSupportedException($"The model makes vectors of {Dimensions} dimensions; {dimensions} were asked for.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<GeneratedEmbeddings<Embedding<float>>>(cancellationToken);
        }

        if (inputs.Length == 0)
        {
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>() { Usage = new UsageDetails { InputTokenCount = 0, TotalTokenCount = 0 } });
        }

        var job = new EmbeddingJob(inputs, cancellationToken);
        _worker.Enqueue(job);
        return job.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Returns <see cref="EmbeddingGeneratorMetadata"/> or the generator itself; <see langword="null"/> for a non-null key.</remarks>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Fails the queued calls with <see cref="ObjectDisposedException"/>, waits for the running one, then frees the context (and the model when the generator owns it).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _worker.Dispose();
            Interop.BatchFree(_batch);
            _batch = default;
            _context.Dispose();
            if (_ownsModel)
            {
                _model.Dispose();
            }
        }
    }

    private static void ValidateOptions(GgufEmbeddingOptions options)
    {
        if (options.ContextSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ContextSize, "GgufEmbeddingOptions.ContextSize must be positive.");
        }

        if (options.Threads is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "GgufEmbeddingOptions.Threads must be positive.");
        }

        if (options.MaxBatchInputs is <= 0 or > GgufEmbeddingOptions.MaxBatchInputsLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxBatchInputs, $"GgufEmbeddingOptions.MaxBatchInputs must be in [1, {GgufEmbeddingOptions.MaxBatchInputsLimit}].");
        }

        if (options.Pooling is { } pooling && !Enum.IsDefined(pooling))
        {
            throw new ArgumentOutOfRangeException(nameof(options), pooling, "GgufEmbeddingOptions.Pooling must be Mean, Cls or Last.");
        }
    }

    /// <summary>The model's pooling (<c>&lt;arch&gt;.pooling_type</c>), or mean when it names none.</summary>
    private static GgufPoolingType ModelPooling(LlamaModel model)
    {
        string? value = model.Architecture is { } architecture ? Interop.ModelMetadata(model.Handle, architecture + ".pooling_type") : null;
        int type = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) ? parsed : 0;
        return (LlamaPoolingType)type switch
        {
            LlamaPoolingType.Cls => GgufPoolingType.Cls,
            LlamaPoolingType.Last => GgufPoolingType.Last,
            LlamaPoolingType.Rank => throw new NotSupportedException(
                $"The model '{model.Path}' is a reranker (rank pooling), not an embedding model; set GgufEmbeddingOptions.Pooling to embed with it anyway."),
            _ => GgufPoolingType.Mean,
        };
    }

    /// <summary>Runs one call on the worker thread.</summary>
    private void Run(EmbeddingJob job)
    {
        if (job.Cancellation.IsCancellationRequested)
        {
            job.Completion.TrySetCanceled(job.Cancellation);
            return;
        }

        int[][] tokens = new int[job.Inputs.Length][];
        long total = 0;
        for (int i = 0; i < tokens.Length; i++)
        {
            int[] input = Interop.Tokenize(_model.Vocab, Encoding.UTF8.GetBytes(job.Inputs[i]), addSpecial: true, parseSpecial: false);
            if (input.Length == 0)
            {
                throw new ArgumentException($"Input {i} has no tokens: there is nothing to embed."); // thrown on the worker thread, surfaced by the awaited task
            }

            if (input.Length > ContextSize)
            {
                if (!_truncate)
                {
                    throw new ArgumentException(
                        $"Input {i} is {input.Length} tokens long; the embedding context holds {ContextSize}. Shorten it, raise ContextSize or set Truncate."); // thrown on the worker thread, surfaced by the awaited task
                }

                input = input[..ContextSize];
            }

            tokens[i] = input;
            total += input.Length;
        }

        var embeddings = new Embedding<float>[tokens.Length];
        int next = 0;
        while (next < tokens.Length)
        {
            if (job.Cancellation.IsCancellationRequested || _worker.IsDisposing)
            {
                job.Completion.TrySetCanceled(job.Cancellation);
                return;
            }

            int first = next;
            int count = 0;
            _batch.NTokens = 0;
            while (next < tokens.Length && count < MaxBatchInputs && _batch.NTokens + tokens[next].Length <= ContextSize)
            {
                Add(tokens[next], count);
                next++;
                count++;
            }

            Interop.ClearMemory(_context);
            int result = Interop.Decode(_context, _batch);
            if (result != 0)
            {
                throw new InvalidOperationException($"llama_decode returned {result} for a batch of {_batch.NTokens} tokens in {count} sequence(s).");
            }

            for (int s = 0; s < count; s++)
            {
                embeddings[first + s] = new Embedding<float>(ReadVector(s)) { ModelId = _modelId, CreatedAt = DateTimeOffset.UtcNow };
            }
        }

        Interop.ClearMemory(_context);
        job.Completion.TrySetResult(new GeneratedEmbeddings<Embedding<float>>(embeddings)
        {
            Usage = new UsageDetails { InputTokenCount = total, TotalTokenCount = total },
        });
    }

    private void Add(int[] tokens, int sequence)
    {
        for (int position = 0; position < tokens.Length; position++)
        {
            int n = _batch.NTokens++;
            _batch.Token[n] = tokens[position];
            _batch.Pos[n] = position;
            _batch.NSeqId[n] = 1;
            _batch.SeqId[n][0] = sequence;
            _batch.Logits[n] = 1;
        }
    }

    private float[] ReadVector(int sequence)
    {
        float* source = Interop.EmbeddingsForSequence(_context, sequence);
        if (source == null)
        {
            throw new InvalidOperationException($"llama.cpp returned no pooled embedding for sequence {sequence}.");
        }

        float[] vector = new ReadOnlySpan<float>(source, Dimensions).ToArray();
        if (_normalize)
        {
            Normalize(vector);
        }

        return vector;
    }

    /// <summary>Scales <paramref name="vector"/> to unit L2 length (a zero vector stays zero).</summary>
    internal static void Normalize(Span<float> vector)
    {
        double sum = 0;
        foreach (float value in vector)
        {
            sum += (double)value * value;
        }

        if (sum > 0)
        {
            float scale = (float)(1 / Math.Sqrt(sum));
            for (int i = 0; i < vector.Length; i++)
            {
                vector[i] *= scale;
            }
        }
    }
}
