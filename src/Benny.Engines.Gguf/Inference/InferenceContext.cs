using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Benny.Engines.Gguf.Native;
using Benny.Runtime.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// A llama context with its own decode thread. Requests are queued as <see cref="GenerationJob"/>s; the
/// thread renders, tokenizes and decodes them, and it is the only thread that ever touches the context,
/// so no native call runs on a caller's or a thread-pool thread.
/// </summary>
/// <remarks>
/// The context has <c>n_seq_max</c> sequence slots; each request gets a <see cref="SequenceSlot"/> with its
/// own sampler and position. Today one slot is served at a time; continuous batching and prefix reuse
/// will advance several slots per <c>llama_decode</c> in this same loop.
/// </remarks>
internal sealed unsafe partial class InferenceContext : IDisposable
{
    private readonly LlamaModel _model;
    private readonly SafeLlamaContextHandle _context;
    private readonly DedicatedWorker<GenerationJob> _worker;
    private readonly ILogger _logger;
    private readonly GCHandle _self;
    private LlamaBatch _batch;
    private volatile bool _abortRequested;
    private int _disposed;

    public InferenceContext(LlamaModel model, int contextSize, int batchSize, int threads, int sequenceSlots, ILogger logger)
    {
        _model = model;
        _logger = logger;
        LlamaContextParams parameters = Interop.ContextDefaultParams();
        parameters.NCtx = (uint)contextSize;
        parameters.NBatch = (uint)batchSize;
        parameters.NUbatch = (uint)batchSize;
        parameters.NSeqMax = (uint)sequenceSlots;
        parameters.NThreads = threads;
        parameters.NThreadsBatch = threads;
        parameters.NoPerf = 0;
        _context = Interop.ContextInit(model.Handle, parameters);
        _self = GCHandle.Alloc(this);
        Interop.SetAbortCallback(_context, &OnAbortPoll, (void*)GCHandle.ToIntPtr(_self));

        ContextSize = Interop.ContextSize(_context);
        BatchSize = Interop.ContextBatchSize(_context);
        SequenceSlots = Interop.ContextSequenceCount(_context);
        Threads = threads;
        _batch = Interop.BatchInit(BatchSize, SequenceSlots);
        _worker = new DedicatedWorker<GenerationJob>(
            $"Benny GGUF decode ({Path.GetFileName(model.Path)})",
            Run,
            static (job, error) => job.Output.TryComplete(error),
            "The GGUF model was disposed before this request ran.");
    }

    public int ContextSize { get; }

    public int BatchSize { get; }

    public int SequenceSlots { get; }

    public int Threads { get; }

    /// <summary>Queues a request.</summary>
    /// <exception cref="ObjectDisposedException">The context is disposed.</exception>
    public void Enqueue(GenerationJob job) => _worker.Enqueue(job);

    /// <summary>Fails queued requests, aborts the running one, and frees the context.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _worker.Dispose(); // the abort callback and the token loop watch IsDisposing
        Interop.BatchFree(_batch);
        _batch = default;
        _context.Dispose();
        _self.Free();
    }

    /// <summary>Runs one request on the decode thread.</summary>
    private void Run(GenerationJob job)
    {
        if (job.Cancellation.IsCancellationRequested)
        {
            job.Output.TryComplete(new OperationCanceledException(job.Cancellation));
            return;
        }

        _abortRequested = false;
        using CancellationTokenRegistration registration = job.Cancellation.Register(static state => ((InferenceContext)state!)._abortRequested = true, this);
        try
        {
            Generate(job);
        }
        catch (OperationCanceledException e)
        {
            job.Output.TryComplete(e);
        }
#pragma warning disable CA1031 // The decode thread must survive any one request's failure; the error goes to that request's caller.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogRequestFailed(_logger, _model.Path, e);
            job.Output.TryComplete(e);
        }
    }

    private void Generate(GenerationJob job)
    {
        const int Sequence = 0;
        int[] promptTokens = Interop.Tokenize(_model.Vocab, System.Text.Encoding.UTF8.GetBytes(job.Prompt.Text), job.Prompt.AddSpecial, job.Prompt.ParseSpecial);
        if (promptTokens.Length == 0)
        {
            throw new ArgumentException("The prompt is empty: send at least one message with text.");
        }

        int limit = job.Request.MaxOutputTokens is { } max ? Math.Min(max, ContextSize - promptTokens.Length) : ContextSize - promptTokens.Length;
        if (limit <= 0)
        {
            throw new ArgumentException(
                $"The prompt has {promptTokens.Length} tokens, which leaves no room in the context of {ContextSize} tokens. Shorten the conversation or raise ContextSize.");
        }

        using var slot = new SequenceSlot(Sequence, job, SamplerChain.Create(job.Request.Sampler, _model.Vocab, _model.VocabularySize), promptTokens);
        Interop.ClearSequence(_context, Sequence);

        for (int start = 0; start < promptTokens.Length; start += BatchSize)
        {
            int count = Math.Min(BatchSize, promptTokens.Length - start);
            FillBatch(promptTokens.AsSpan(start, count), slot.Position, Sequence, outputLast: start + count == promptTokens.Length);
            if (!DecodeOrStop(slot))
            {
                return;
            }

            slot.Position += count;
        }

        slot.PromptDone();
        int* single = stackalloc int[1];
        while (true)
        {
            job.Cancellation.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_worker.IsDisposing, typeof(GgufChatClient));
            int token = slot.Sampler.Sample(_context, -1);
            if (Interop.VocabIsEndOfGeneration(_model.Vocab, token))
            {
                slot.Complete(ChatFinishReason.Stop);
                return;
            }

            slot.OutputTokens++;
            if (slot.Emit(_model.Vocab, token))
            {
                slot.Complete(ChatFinishReason.Stop);
                return;
            }

            if (slot.OutputTokens >= limit)
            {
                slot.Complete(ChatFinishReason.Length);
                return;
            }

            single[0] = token;
            FillBatch(new ReadOnlySpan<int>(single, 1), slot.Position, Sequence, outputLast: true);
            if (!DecodeOrStop(slot))
            {
                return;
            }

            slot.Position++;
        }
    }

    /// <summary>Decodes the batch; false when the request ended instead (context full).</summary>
    private bool DecodeOrStop(SequenceSlot slot)
    {
        int result = Interop.Decode(_context, _batch);
        if (result == 2)
        {
            slot.Job.Cancellation.ThrowIfCancellationRequested();
            throw new ObjectDisposedException(nameof(InferenceContext), "The GGUF model was disposed while it was generating.");
        }

        if (result == 1)
        {
            slot.Complete(ChatFinishReason.Length);
            return false;
        }

        return true;
    }

    private void FillBatch(ReadOnlySpan<int> tokens, int position, int sequence, bool outputLast)
    {
        _batch.NTokens = tokens.Length;
        for (int i = 0; i < tokens.Length; i++)
        {
            _batch.Token[i] = tokens[i];
            _batch.Pos[i] = position + i;
            _batch.NSeqId[i] = 1;
            _batch.SeqId[i][0] = sequence;
            _batch.Logits[i] = (sbyte)(outputLast && i == tokens.Length - 1 ? 1 : 0);
        }
    }

    /// <summary>Polled by llama_decode: true aborts the decode (on cancellation or disposal). Never throws.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte OnAbortPoll(void* data)
        => GCHandle.FromIntPtr((nint)data).Target is InferenceContext context && (context._abortRequested || context._worker.IsDisposing) ? (byte)1 : (byte)0;

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "A request on the GGUF model {Path} failed.")]
    private static partial void LogRequestFailed(ILogger logger, string path, Exception exception);
}
