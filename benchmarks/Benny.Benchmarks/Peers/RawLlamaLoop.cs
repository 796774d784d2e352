using System.Runtime.InteropServices;
using Benny.Engines.Gguf;
using Benny.Engines.Gguf.Inference;
using Benny.Engines.Gguf.Native;

namespace Benny.Benchmarks.Peers;

/// <summary>
/// The floor: a plain loop over the same llama.cpp v0.5.0 bindings and natives as the GGUF engine, with nothing
/// around it (no queue, no decode thread, no chat template, no cancellation polling). The context is made exactly as
/// the engine makes it (<c>InferenceContext</c>): the same context, batch and micro-batch size, sequence count,
/// threads for generation and prompt, flash-attention mode, unified KV cache, and the same persistent ggml thread pool
/// at the default polling level.
/// </summary>
/// <remarks>
/// Each call does the work the engine does for the same requests: tokenize (BOS as the model wants, special tokens
/// parsed), keep the sequence's cached common prefix (at most all but the last prompt token, as the engine's prefix
/// reuse does), decode the rest of every prompt, then one <c>llama_decode</c> per step for every running sequence,
/// sampling with llama.cpp's greedy sampler and detokenizing each token, until end of generation or the limit.
/// Runs on the caller's thread. Not thread-safe.
/// </remarks>
internal sealed unsafe class RawLlamaLoop : IPeerEngine
{
    private readonly LlamaModel _model;
    private readonly SafeLlamaContextHandle _context;
    private readonly nint _threadpool;
    private readonly List<int>[] _cached;
    private readonly int _batchSize;
    private LlamaBatch _batch;

    private RawLlamaLoop(LlamaModel model, SafeLlamaContextHandle context, nint threadpool, int sequences)
    {
        _model = model;
        _context = context;
        _threadpool = threadpool;
        _batchSize = Interop.ContextBatchSize(context);
        _batch = Interop.BatchInit(_batchSize, 1);
        _cached = [.. Enumerable.Range(0, sequences).Select(_ => new List<int>())];
    }

    /// <summary>The name printed by the setup checks.</summary>
    public const string DisplayName = "raw native loop";

    /// <inheritdoc />
    public string Name => DisplayName;

    /// <summary>Gets whether the model's tokenizer adds BOS.</summary>
    public bool AddsBos => Interop.VocabAddsBos(_model.Vocab);

    /// <summary>Loads the engine's natives (<see cref="PeerWorkload.BennyNatives"/>) and the model, and makes the context.</summary>
    /// <param name="path">The GGUF file.</param>
    /// <param name="threads">CPU threads for generation and prompt processing.</param>
    /// <param name="sequences">Sequence slots (the most prompts per call).</param>
    public static RawLlamaLoop Load(string path, int threads, int sequences)
    {
        GgufNativeDiagnostics natives = LlamaNativeLibrary.EnsureLoaded(PeerWorkload.BennyNatives(), null, GgufBackend.Cpu);
        LlamaModel model = LlamaModel.Load(path, BackendPlan.Choose(GgufBackend.Cpu, null, 0, natives.Devices), null, CancellationToken.None);
        LlamaContextParams parameters = Interop.ContextDefaultParams();
        parameters.NCtx = PeerWorkload.ContextSize;
        parameters.NBatch = PeerWorkload.BatchSize;
        parameters.NUbatch = PeerWorkload.BatchSize;
        parameters.NSeqMax = (uint)sequences;
        parameters.NThreads = threads;
        parameters.NThreadsBatch = threads;
        parameters.FlashAttnType = LlamaFlashAttnType.Auto;
        parameters.KvUnified = 1;
        parameters.NoPerf = 0;
        SafeLlamaContextHandle context = Interop.ContextInit(model.Handle, parameters);
        nint threadpool = Interop.AttachThreadpool(context, threads, GgufEngineOptions.DefaultThreadPolling);
        return new RawLlamaLoop(model, context, threadpool, sequences);
    }

    /// <summary>Tokenizes <paramref name="text"/> as the engine tokenizes a prompt (BOS as the model wants, special tokens parsed).</summary>
    public int[] Tokenize(string text) => Interop.Tokenize(_model.Vocab, System.Text.Encoding.UTF8.GetBytes(text), addSpecial: true, parseSpecial: true);

    /// <inheritdoc />
    public Task<Generation[]> GenerateAsync(IReadOnlyList<string> prompts, int maxTokens) => Task.FromResult(Generate(prompts, maxTokens));

    /// <summary>Completes every prompt greedily in one batched loop.</summary>
    /// <param name="prompts">At most as many prompts as sequence slots.</param>
    /// <param name="maxTokens">The output limit per prompt.</param>
    public Generation[] Generate(IReadOnlyList<string> prompts, int maxTokens)
    {
        if (prompts.Count > _cached.Length)
        {
            throw new ArgumentException($"{prompts.Count} prompts, but the context has {_cached.Length} sequence slot(s).", nameof(prompts));
        }

        var sequences = new Sequence[prompts.Count];
        try
        {
            for (int i = 0; i < sequences.Length; i++)
            {
                int[] tokens = Tokenize(prompts[i]);
                List<int> cached = _cached[i];
                int reuse = 0;
                while (reuse < cached.Count && reuse < tokens.Length - 1 && cached[reuse] == tokens[reuse])
                {
                    reuse++;
                }

                Interop.TrimSequence(_context, i, reuse);
                cached.RemoveRange(reuse, cached.Count - reuse);
                SafeLlamaSamplerHandle sampler = Interop.SamplerChainInit();
                Interop.SamplerChainAdd(sampler, Interop.SamplerGreedy());
                sequences[i] = new Sequence(tokens, reuse, sampler);
            }

            while (sequences.Any(s => !s.Done))
            {
                Step(sequences, maxTokens);
            }

            return [.. sequences.Select(s => new Generation(s.Text.ToString() + s.Decoder.Flush(), s.Prompt.Length, s.OutputTokens))];
        }
        finally
        {
            foreach (Sequence? sequence in sequences)
            {
                sequence?.Sampler.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Interop.BatchFree(_batch);
        _batch = default;
        _context.Dispose();
        Interop.ThreadpoolFree(_threadpool);
        _model.Dispose();
    }

    /// <summary>One <c>llama_decode</c>: the pending token of every generating sequence, then prompt chunks; then sampling.</summary>
    private void Step(Sequence[] sequences, int maxTokens)
    {
        int n = 0;
        for (int i = 0; i < sequences.Length; i++)
        {
            Sequence sequence = sequences[i];
            sequence.OutputIndex = -1;
            if (!sequence.Done && sequence.Pending >= 0 && n < _batchSize)
            {
                sequence.OutputIndex = n;
                Add(ref n, sequence.Pending, i, output: true);
                sequence.Pending = -1;
            }
        }

        for (int i = 0; i < sequences.Length; i++)
        {
            Sequence sequence = sequences[i];
            int count = Math.Min(_batchSize - n, sequence.Prompt.Length - sequence.PromptDecoded);
            for (int k = 0; k < count; k++)
            {
                bool last = sequence.PromptDecoded + k == sequence.Prompt.Length - 1;
                if (last)
                {
                    sequence.OutputIndex = n;
                }

                Add(ref n, sequence.Prompt[sequence.PromptDecoded + k], i, output: last);
            }

            sequence.PromptDecoded += count;
        }

        _batch.NTokens = n;
        if (Interop.Decode(_context, _batch) != 0)
        {
            throw new InvalidOperationException("llama_decode found no KV room (or was aborted).");
        }

        foreach (Sequence sequence in sequences)
        {
            if (sequence.OutputIndex < 0)
            {
                continue;
            }

            int token = Interop.SamplerSample(sequence.Sampler, _context, sequence.OutputIndex);
            if (Interop.VocabIsEndOfGeneration(_model.Vocab, token))
            {
                sequence.Done = true;
                continue;
            }

            sequence.OutputTokens++;
            sequence.Piece.Clear();
            Interop.TokenToPiece(_model.Vocab, token, renderSpecial: false, sequence.Piece);
            sequence.Text.Append(sequence.Decoder.Decode(CollectionsMarshal.AsSpan(sequence.Piece)));
            if (sequence.OutputTokens >= maxTokens)
            {
                sequence.Done = true;
                continue;
            }

            sequence.Pending = token;
        }
    }

    private void Add(ref int n, int token, int sequence, bool output)
    {
        List<int> cached = _cached[sequence];
        _batch.Token[n] = token;
        _batch.Pos[n] = cached.Count;
        _batch.NSeqId[n] = 1;
        _batch.SeqId[n][0] = sequence;
        _batch.Logits[n] = (sbyte)(output ? 1 : 0);
        cached.Add(token);
        n++;
    }

    /// <summary>One prompt's progress through the loop.</summary>
    private sealed class Sequence(int[] prompt, int promptDecoded, SafeLlamaSamplerHandle sampler)
    {
        public int[] Prompt { get; } = prompt;

        public int PromptDecoded { get; set; } = promptDecoded;

        public SafeLlamaSamplerHandle Sampler { get; } = sampler;

        public Utf8PieceDecoder Decoder { get; } = new();

        public List<byte> Piece { get; } = new(16);

        public System.Text.StringBuilder Text { get; } = new();

        public int Pending { get; set; } = -1;

        public int OutputIndex { get; set; } = -1;

        public int OutputTokens { get; set; }

        public bool Done { get; set; }
    }
}
