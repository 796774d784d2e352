using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Benny.Engines.Gguf.Native;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// A llama context with its own decode thread, serving up to <see cref="SequenceSlots"/> requests at once by
/// continuous batching. The thread tokenizes and decodes, and it is the only thread that ever touches the context,
/// so no native call runs on a caller's or a thread-pool thread.
/// </summary>
/// <remarks>
/// <para>
/// Each step builds one batch for one <c>llama_decode</c>: the pending token of every generating request, then chunks
/// of the prompts still being read, at most <see cref="BatchSize"/> tokens in all, so a long prompt never stalls the
/// other streams for more than one batch. Requests join between steps.
/// </para>
/// <para>
/// The KV cache is unified: every sequence can use the whole context. A request reserves its prompt plus its output
/// limit (<c>MaxOutputTokens</c>, or all the context leaves) and is admitted only when the reservations of the running
/// requests leave that much room, so it never runs out mid-generation; caches of idle slots are evicted (least
/// recently used first) to make room.
/// </para>
/// <para>
/// A slot keeps its KV cache after a request. A new request takes the longest common token prefix found in any slot
/// (copied with <c>llama_memory_seq_cp</c> when it is in another slot) and decodes only the rest; at least the last
/// prompt token is decoded again to get its logits.
/// </para>
/// <para>
/// Requests beyond the slots wait in a queue of at most <see cref="QueueLimit"/>; a cancelled waiting request leaves
/// the queue at once, on the cancelling thread, without touching the context. Entries and exits are counted in
/// <see cref="GgufMetrics.Queued"/> under the queue's lock.
/// </para>
/// </remarks>
internal sealed unsafe partial class InferenceContext : IDisposable
{
    private const string DisposedMessage = "The GGUF model was disposed before this request ran.";
    private readonly LlamaModel _model;
    private readonly SafeLlamaContextHandle _context;
    private readonly ILogger _logger;
    private readonly GCHandle _self;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private readonly LinkedList<Waiting> _queue = new();
    private readonly SequenceSlot[] _slots;
    private readonly CancellationToken[] _stepTokens;
    private readonly string _modelId;
    private readonly GgufMetrics _metrics;
    private LlamaBatch _batch;
    private Waiting? _head;
    private int _stepTokenCount;
    private int _admitted;
    private long _step;
    private volatile bool _disposing;
    private int _disposed;
    private readonly nint _threadpool;
    private readonly ThreadTuner? _threadTuner;
    private readonly NativeLogPolicy.DecodeCall _decodeCall = new();

    public InferenceContext(LlamaModel model, string modelId, int contextSize, int batchSize, int threads, int sequenceSlots, int queueLimit, LlamaFlashAttnType flashAttention, GgufMetrics metrics, ILogger logger, int? threadPolling = null, int adaptiveMaximum = 0)
    {
        _model = model;
        _modelId = modelId;
        _metrics = metrics;
        _logger = logger;
        LlamaContextParams parameters = Interop.ContextDefaultParams();
        parameters.NCtx = (uint)contextSize;
        parameters.NBatch = (uint)batchSize;
        parameters.NUbatch = (uint)batchSize;
        parameters.NSeqMax = (uint)sequenceSlots;
        // An adaptive context's pool holds the most threads it may use; it starts with `threads` of them.
        int poolThreads = Math.Max(threads, adaptiveMaximum);
        parameters.NThreads = threads;
        parameters.NThreadsBatch = threads;
        parameters.FlashAttnType = flashAttention;
        parameters.KvUnified = 1; // every sequence may use the whole context: Parallel never shrinks a request's room
        parameters.NoPerf = 0;
        _context = Interop.ContextInit(model.Handle, parameters);
        _threadpool = threadPolling is { } polling ? Interop.AttachThreadpool(_context, poolThreads, (uint)polling) : 0;
        if (_threadpool != 0 && poolThreads != threads)
        {
            Interop.SetThreads(_context, threads, threads);
        }

        _self = GCHandle.Alloc(this);
        Interop.SetAbortCallback(_context, &OnAbortPoll, (void*)GCHandle.ToIntPtr(_self));

        ContextSize = Interop.ContextSize(_context);
        BatchSize = Interop.ContextBatchSize(_context);
        SequenceSlots = Interop.ContextSequenceCount(_context);
        Threads = threads;
        _threadTuner = _threadpool != 0 && adaptiveMaximum > 1 ? new ThreadTuner(poolThreads, threads) : null;
        QueueLimit = queueLimit;
        _slots = [.. Enumerable.Range(0, SequenceSlots).Select(i => new SequenceSlot(i))];
        _stepTokens = new CancellationToken[SequenceSlots];
        _batch = Interop.BatchInit(BatchSize, 1);
        _thread = new Thread(Loop) { IsBackground = true, Name = $"Benny GGUF decode ({Path.GetFileName(model.Path)})" };
        _thread.Start();
    }

    public int ContextSize { get; }

    public int BatchSize { get; }

    public int SequenceSlots { get; }

    public int Threads { get; }

    /// <summary>Gets the thread count in use now: <see cref="Threads"/>, or what the adaptive tuner chose.</summary>
    public int CurrentThreads => _threadTuner?.Current ?? Threads;

    /// <summary>Gets how many times the adaptive tuner tried another thread count (0 when it is off).</summary>
    public int ThreadProbes => _threadTuner?.Probes ?? 0;

    public int QueueLimit { get; }

    /// <summary>Queues a request.</summary>
    /// <exception cref="ObjectDisposedException">The context is disposed.</exception>
    /// <exception cref="GgufQueueFullException">All slots are busy and <see cref="QueueLimit"/> requests already wait.</exception>
    public void Enqueue(GenerationJob job)
    {
        lock (_gate)
        {
            if (_disposing)
            {
                throw new ObjectDisposedException(nameof(GgufChatClient), "The GGUF model is disposed.");
            }

            if (_admitted >= SequenceSlots + QueueLimit)
            {
                throw new GgufQueueFullException(_modelId, QueueLimit);
            }

            _admitted++;
            var waiting = new Waiting(job, this);
            waiting.Node = _queue.AddLast(waiting);
            _metrics.Queued(1);
            Monitor.Pulse(_gate);

            // Runs at once when the token is already cancelled (the lock is re-entrant).
            waiting.Registration = job.Cancellation.Register(static state => ((Waiting)state!).Owner.CancelWaiting((Waiting)state!), waiting);
        }
    }

    /// <summary>Fails queued requests, aborts the running ones, and frees the context.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        List<Waiting> rejected;
        lock (_gate)
        {
            _disposing = true;
            rejected = [.. _queue];
            _queue.Clear();
            _metrics.Queued(-rejected.Count);
            Monitor.Pulse(_gate);
        }

        foreach (Waiting waiting in rejected)
        {
            waiting.Registration.Dispose();
            Fail(waiting.Job, new ObjectDisposedException(nameof(GgufChatClient), DisposedMessage));
        }

        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        Interop.BatchFree(_batch);
        _batch = default;
        _context.Dispose();
        Interop.ThreadpoolFree(_threadpool); // after the context that used it
        _self.Free();
    }

    /// <summary>Ends a request that leaves the engine (counted out first, so a caller who sees the end may queue again).</summary>
    private void Fail(GenerationJob job, Exception error)
    {
        Release();
        job.Output.TryComplete(error);
    }

    private void Release()
    {
        lock (_gate)
        {
            _admitted--;
        }
    }

    private void CancelWaiting(Waiting waiting)
    {
        lock (_gate)
        {
            if (waiting.Node?.List is null)
            {
                return; // already taken by the decode thread (or rejected by Dispose)
            }

            _queue.Remove(waiting.Node);
            _metrics.Queued(-1);
            waiting.Node = null;
        }

        Fail(waiting.Job, new OperationCanceledException(waiting.Job.Cancellation));
    }

    private void Loop()
    {
        while (true)
        {
            if (!WaitForWork())
            {
                break;
            }

            try
            {
                Step();
            }
#pragma warning disable CA1031 // The decode thread must survive anything; the error goes to the requests of this step.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogRequestFailed(_logger, _model.Path, e);
                foreach (SequenceSlot slot in _slots)
                {
                    if (slot.Request is not null)
                    {
                        EndWithError(slot, e);
                    }
                }
            }
        }

        var disposed = new ObjectDisposedException(nameof(InferenceContext), "The GGUF model was disposed while it was generating.");
        foreach (SequenceSlot slot in _slots)
        {
            if (slot.Request is { } request)
            {
                slot.Request = null;
                request.Dispose();
                Fail(request.Job, request.Job.Cancellation.IsCancellationRequested ? new OperationCanceledException(request.Job.Cancellation) : disposed);
            }
        }

        if (_head is { } head)
        {
            _head = null;
            Fail(head.Job, new ObjectDisposedException(nameof(GgufChatClient), DisposedMessage));
        }
    }

    /// <summary>Blocks until there is something to do; false when the context is being disposed.</summary>
    private bool WaitForWork()
    {
        lock (_gate)
        {
            while (!_disposing && _head is null && _queue.Count == 0 && !_slots.Any(s => s.Request is not null))
            {
                Monitor.Wait(_gate);
            }

            return !_disposing;
        }
    }

    private void Step()
    {
        _step++;
        foreach (SequenceSlot slot in _slots)
        {
            if (slot.Request is { } request && request.Job.Cancellation.IsCancellationRequested)
            {
                EndWithError(slot, new OperationCanceledException(request.Job.Cancellation));
            }
        }

        Admit();
        int tokens = FillBatch();
        if (tokens == 0)
        {
            return;
        }

        long started = Stopwatch.GetTimestamp();
        int result;
        _decodeCall.Reset();
        NativeLogPolicy.EnterDecode(_decodeCall);
        try
        {
            result = Interop.Decode(_context, _batch);
        }
        finally
        {
            NativeLogPolicy.ExitDecode();
        }

        _stepTokenCount = 0;
        if (result == 0 && _threadTuner is { } tuner)
        {
            int changes = tuner.Changes;
            if (tuner.Record(tokens, Stopwatch.GetTimestamp() - started))
            {
                Interop.SetThreads(_context, tuner.Next, tuner.Next);
            }

            if (tuner.Changes != changes)
            {
                LogThreadsAdapted(_logger, _model.Path, tuner.Current, Threads);
            }
        }

        if (result == 2)
        {
            return; // aborted: every request in the batch was cancelled, or the context is being disposed; the next step ends them
        }

        if (result == 1)
        {
            // Not expected: the reservations keep the running requests within the KV cache. End them rather than loop.
            foreach (SequenceSlot slot in _slots)
            {
                if (slot.Request is { } request)
                {
                    EndWithError(slot, new InvalidOperationException(
                        $"llama_decode found no room in the KV cache of {ContextSize} tokens for a request of {request.PromptTokens.Length} prompt tokens."));
                }
            }

            return;
        }

        foreach (SequenceSlot slot in _slots)
        {
            if (slot.Request is { OutputIndex: >= 0 } request)
            {
                try
                {
                    SampleNext(slot, request);
                }
#pragma warning disable CA1031 // One request's sampling failure (a grammar error) ends that request only.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogRequestFailed(_logger, _model.Path, e);
                    EndWithError(slot, e);
                }
            }
        }
    }

    /// <summary>Moves waiting requests into free slots while the KV cache has room for them.</summary>
    private void Admit()
    {
        while (true)
        {
            if (_head is null)
            {
                if (!_slots.Any(s => s.Request is null))
                {
                    return;
                }

                Waiting? next;
                lock (_gate)
                {
                    next = _queue.First?.Value;
                    if (next is null)
                    {
                        return;
                    }

                    _queue.RemoveFirst();
                    _metrics.Queued(-1);
                    next.Node = null;
                }

                next.Registration.Dispose(); // outside the lock: Dispose waits for a running callback, which takes the lock
                _head = next;
            }

            GenerationJob job = _head.Job;
            if (job.Cancellation.IsCancellationRequested)
            {
                _head = null;
                Fail(job, new OperationCanceledException(job.Cancellation));
                continue;
            }

            try
            {
                _head.Tokens ??= Tokenize(job);
                if (!TryStart(_head.Tokens, job))
                {
                    return; // waits for running requests to free KV room
                }
            }
#pragma warning disable CA1031 // A request that cannot start (bad prompt, bad grammar) fails alone.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Fail(job, e);
            }

            _head = null;
        }
    }

    private int[] Tokenize(GenerationJob job)
    {
        int[] tokens = Interop.Tokenize(_model.Vocab, System.Text.Encoding.UTF8.GetBytes(job.Prompt.Text), job.Prompt.AddSpecial, job.Prompt.ParseSpecial);
        if (tokens.Length == 0)
        {
            throw new ArgumentException("The prompt is empty: send at least one message with text.");
        }

        if (tokens.Length >= ContextSize)
        {
            throw new ArgumentException(
                $"The prompt has {tokens.Length} tokens, which leaves no room in the context of {ContextSize} tokens. Shorten the conversation or raise ContextSize.");
        }

        return tokens;
    }

    /// <summary>Starts <paramref name="job"/> in a free slot, reusing the longest cached prefix; false when the KV cache has no room yet.</summary>
    private bool TryStart(int[] prompt, GenerationJob job)
    {
        int limit = job.Request.MaxOutputTokens is { } max ? Math.Min(max, ContextSize - prompt.Length) : ContextSize - prompt.Length;
        if (limit <= 0)
        {
            throw new ArgumentException($"MaxOutputTokens is {job.Request.MaxOutputTokens}; ask for at least one token.");
        }

        int need = prompt.Length + limit;
        int reservedByRunning = _slots.Sum(s => s.Request?.Reserved ?? 0);
        if (need > ContextSize - reservedByRunning)
        {
            return false;
        }

        // The target: the idle slot with the longest own prefix, then the least recently used.
        SequenceSlot target = _slots.Where(s => s.Request is null)
            .OrderByDescending(s => s.CommonPrefix(prompt))
            .ThenBy(s => s.LastUsed)
            .First();
        int reuse = target.CommonPrefix(prompt);
        SequenceSlot? source = null;
        foreach (SequenceSlot slot in _slots)
        {
            int common = slot.CommonPrefix(prompt);
            if (slot != target && common > reuse)
            {
                (source, reuse) = (slot, common);
            }
        }

        reuse = Math.Min(reuse, prompt.Length - 1); // the last prompt token is decoded again for its logits
        if (source is not null)
        {
            Interop.ClearSequence(_context, target.SequenceId);
            target.Tokens.Clear();
            Interop.CopySequencePrefix(_context, source.SequenceId, target.SequenceId, reuse);
            target.Tokens.AddRange(source.Tokens.Take(reuse));
        }

        if (!Interop.TrimSequence(_context, target.SequenceId, reuse) || (reuse > 0 && Interop.SequencePositionMin(_context, target.SequenceId) > 0))
        {
            ClearCache(target); // the memory cannot keep part of a sequence (recurrent or sliding-window cache): start over
            reuse = 0;
        }

        target.Tokens.RemoveRange(reuse, target.Tokens.Count - reuse);

        // Evict idle caches, least recently used first, until the reservations fit.
        int used = reservedByRunning + need + _slots.Where(s => s.Request is null && s != target).Sum(s => s.Tokens.Count);
        foreach (SequenceSlot idle in _slots.Where(s => s.Request is null && s != target && s.Tokens.Count > 0).OrderBy(s => s.LastUsed).ToList())
        {
            if (used <= ContextSize)
            {
                break;
            }

            used -= idle.Tokens.Count;
            ClearCache(idle);
        }

        SamplerChain sampler = SamplerChain.Create(job.Request.Sampler, _model.Vocab, _model.VocabularySize);
        target.Request = new ActiveRequest(job, sampler, prompt, reuse, limit);
        return true;
    }

    /// <summary>Fills the batch: one pending token per generating request, then prompt chunks; returns the token count.</summary>
    private int FillBatch()
    {
        int n = 0;
        _stepTokenCount = 0;
        foreach (SequenceSlot slot in _slots)
        {
            if (slot.Request is { } request)
            {
                request.OutputIndex = -1;
                if (request.Pending >= 0 && n < BatchSize)
                {
                    request.OutputIndex = n;
                    Add(ref n, request.Pending, slot.Tokens.Count, slot.SequenceId, output: true);
                    slot.Tokens.Add(request.Pending);
                    request.Pending = -1;
                    _stepTokens[_stepTokenCount++] = request.Job.Cancellation;
                }
            }
        }

        foreach (SequenceSlot slot in _slots)
        {
            if (slot.Request is { Generating: false } request && n < BatchSize)
            {
                int count = Math.Min(BatchSize - n, request.PromptTokens.Length - request.PromptDecoded);
                for (int i = 0; i < count; i++)
                {
                    int token = request.PromptTokens[request.PromptDecoded + i];
                    bool last = request.PromptDecoded + i == request.PromptTokens.Length - 1;
                    if (last)
                    {
                        request.OutputIndex = n;
                    }

                    Add(ref n, token, slot.Tokens.Count, slot.SequenceId, output: last);
                    slot.Tokens.Add(token);
                }

                request.PromptDecoded += count;
                _stepTokens[_stepTokenCount++] = request.Job.Cancellation;
            }
        }

        _batch.NTokens = n;
        return n;
    }

    private void Add(ref int n, int token, int position, int sequence, bool output)
    {
        _batch.Token[n] = token;
        _batch.Pos[n] = position;
        _batch.NSeqId[n] = 1;
        _batch.SeqId[n][0] = sequence;
        _batch.Logits[n] = (sbyte)(output ? 1 : 0);
        n++;
    }

    private void SampleNext(SequenceSlot slot, ActiveRequest request)
    {
        if (request.OutputTokens == 0 && request.Pending < 0)
        {
            request.PromptDone();
        }

        int token = request.Sampler.Sample(_context, request.OutputIndex);
        request.OutputIndex = -1;
        if (Interop.VocabIsEndOfGeneration(_model.Vocab, token))
        {
            End(slot, ChatFinishReason.Stop);
            return;
        }

        request.OutputTokens++;
        if (request.Emit(_model.Vocab, token))
        {
            End(slot, ChatFinishReason.Stop);
            return;
        }

        if (request.OutputTokens >= request.Limit)
        {
            End(slot, ChatFinishReason.Length);
            return;
        }

        request.Pending = token;
    }

    /// <summary>Ends a request normally; the slot keeps its KV cache for prefix reuse.</summary>
    private void End(SequenceSlot slot, ChatFinishReason reason)
    {
        ActiveRequest request = slot.Request!;
        slot.Request = null;
        slot.LastUsed = _step;
        request.Dispose();
        GenerationEvent.Completed completed = request.Complete(reason);
        Release();
        if (request.Job.Cancellation.IsCancellationRequested)
        {
            request.Output.TryComplete(new OperationCanceledException(request.Job.Cancellation));
            return;
        }

        request.Output.TryWrite(completed);
        request.Output.TryComplete();
    }

    /// <summary>Ends a request with an error; its sequence is cleared (its cache may be half-written).</summary>
    private void EndWithError(SequenceSlot slot, Exception error)
    {
        ActiveRequest request = slot.Request!;
        slot.Request = null;
        slot.LastUsed = _step;
        request.Dispose();
        try
        {
            ClearCache(slot);
        }
        finally
        {
            Fail(request.Job, error);
        }
    }

    private void ClearCache(SequenceSlot slot)
    {
        Interop.ClearSequence(_context, slot.SequenceId);
        slot.Tokens.Clear();
    }

    /// <summary>
    /// Polled by llama_decode: true aborts the decode, when the context is being disposed or every request in the batch
    /// was cancelled. Never throws.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte OnAbortPoll(void* data)
    {
        if (GCHandle.FromIntPtr((nint)data).Target is not InferenceContext context)
        {
            return 0;
        }

        if (context._disposing)
        {
            context._decodeCall.RequestAbort();
            return 1;
        }

        int count = context._stepTokenCount;
        if (count == 0)
        {
            return 0;
        }

        for (int i = 0; i < count; i++)
        {
            if (!context._stepTokens[i].IsCancellationRequested)
            {
                return 0;
            }
        }

        context._decodeCall.RequestAbort();
        return 1;
    }

    [LoggerMessage(EventId = 21, Level = LogLevel.Debug, Message = "The GGUF model {Path} now decodes with {Threads} of at most {Maximum} threads (measured faster).")]
    private static partial void LogThreadsAdapted(ILogger logger, string path, int threads, int maximum);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "A request on the GGUF model {Path} failed.")]
    private static partial void LogRequestFailed(ILogger logger, string path, Exception exception);

    /// <summary>A request waiting for a slot.</summary>
    private sealed class Waiting(GenerationJob job, InferenceContext owner)
    {
        public GenerationJob Job { get; } = job;

        public InferenceContext Owner { get; } = owner;

        public LinkedListNode<Waiting>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        /// <summary>Gets or sets the prompt's tokens once the decode thread tokenized it (while it waits for KV room).</summary>
        public int[]? Tokens { get; set; }
    }
}
