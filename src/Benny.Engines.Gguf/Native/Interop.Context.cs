using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>llama.h: contexts, batches, decoding, sequence memory and performance counters.</summary>
internal static unsafe partial class Interop
{
    /// <summary>llama.cpp's default context parameters.</summary>
    public static LlamaContextParams ContextDefaultParams() => llama_context_default_params();

    /// <summary>Creates a context on <paramref name="model"/>; the context keeps the model alive.</summary>
    /// <exception cref="InvalidOperationException">llama.cpp could not create the context (usually memory for the KV cache).</exception>
    public static SafeLlamaContextHandle ContextInit(SafeLlamaModelHandle model, LlamaContextParams parameters)
    {
        SafeLlamaContextHandle context = llama_init_from_model(model, parameters);
        if (context.IsInvalid)
        {
            context.Dispose();
            throw new InvalidOperationException(
                $"llama.cpp could not create a context of {parameters.NCtx} tokens x {parameters.NSeqMax} sequence(s) (llama_init_from_model returned NULL). "
                + "Usually the KV cache does not fit: lower ContextSize or Parallel. llama.cpp's log says more.");
        }

        context.KeepAlive(model);
        return context;
    }

    /// <summary>Frees a context (called by <see cref="SafeLlamaContextHandle"/>).</summary>
    public static void ContextFree(nint context) => llama_free(context);

    /// <summary>The context size in tokens.</summary>
    public static int ContextSize(SafeLlamaContextHandle context) => checked((int)llama_n_ctx(context));

    /// <summary>The logical batch size.</summary>
    public static int ContextBatchSize(SafeLlamaContextHandle context) => checked((int)llama_n_batch(context));

    /// <summary>The number of sequence slots.</summary>
    public static int ContextSequenceCount(SafeLlamaContextHandle context) => checked((int)llama_n_seq_max(context));

    /// <summary>Sets the generation and batch thread counts.</summary>
    public static void SetThreads(SafeLlamaContextHandle context, int threads, int batchThreads) => llama_set_n_threads(context, threads, batchThreads);

    /// <summary>Installs the callback that llama_decode polls to abort (CPU backend).</summary>
    public static void SetAbortCallback(SafeLlamaContextHandle context, delegate* unmanaged[Cdecl]<void*, byte> callback, void* data)
        => llama_set_abort_callback(context, callback, data);

    /// <summary>Removes every token of <paramref name="sequence"/> from the context memory (KV cache).</summary>
    public static void ClearSequence(SafeLlamaContextHandle context, int sequence)
    {
        nint memory = llama_get_memory(context);
        if (llama_memory_seq_rm(memory, sequence, -1, -1) == 0)
        {
            throw new InvalidOperationException($"llama_memory_seq_rm could not clear sequence {sequence}.");
        }
    }

    /// <summary>Removes the tokens of <paramref name="sequence"/> at positions from <paramref name="from"/> on.</summary>
    /// <returns>False when the memory cannot drop part of a sequence (recurrent models); the sequence is then unchanged.</returns>
    public static bool TrimSequence(SafeLlamaContextHandle context, int sequence, int from)
        => llama_memory_seq_rm(llama_get_memory(context), sequence, from, -1) != 0;

    /// <summary>Copies the tokens of <paramref name="source"/> at positions [0, <paramref name="count"/>) to <paramref name="target"/> (with a unified KV cache the cells are shared, not duplicated).</summary>
    public static void CopySequencePrefix(SafeLlamaContextHandle context, int source, int target, int count)
        => llama_memory_seq_cp(llama_get_memory(context), source, target, 0, count);

    /// <summary>The smallest position stored for <paramref name="sequence"/> (above 0 only when a sliding-window cache dropped the start), or -1 when empty.</summary>
    public static int SequencePositionMin(SafeLlamaContextHandle context, int sequence) => llama_memory_seq_pos_min(llama_get_memory(context), sequence);

    /// <summary>Removes every token of every sequence.</summary>
    public static void ClearMemory(SafeLlamaContextHandle context) => llama_memory_clear(llama_get_memory(context), 1);

    /// <summary>The largest position stored for <paramref name="sequence"/>, or -1 when empty.</summary>
    public static int SequencePositionMax(SafeLlamaContextHandle context, int sequence) => llama_memory_seq_pos_max(llama_get_memory(context), sequence);

    /// <summary>Runs the model on <paramref name="batch"/>.</summary>
    /// <returns>0 on success, 1 when no KV cache slot was found, 2 when aborted by the abort callback.</returns>
    /// <exception cref="InvalidOperationException">llama_decode failed with an error code (negative or above 2).</exception>
    public static int Decode(SafeLlamaContextHandle context, LlamaBatch batch)
    {
        int result = llama_decode(context, batch);
        if (result < 0 || result > 2)
        {
            throw new InvalidOperationException($"llama_decode failed with code {result}; llama.cpp's log says why.");
        }

        return result;
    }

    /// <summary>The logits of output row <paramref name="index"/> of the last decode (-1 = the last row).</summary>
    public static float* Logits(SafeLlamaContextHandle context, int index) => llama_get_logits_ith(context, index);

    /// <summary>The pooled embedding of <paramref name="sequence"/> after the last decode (<c>n_embd</c> floats), or NULL when the context does not pool.</summary>
    public static float* EmbeddingsForSequence(SafeLlamaContextHandle context, int sequence) => llama_get_embeddings_seq(context, sequence);

    /// <summary>The pooling type the context uses (the model's unless the context parameters chose one).</summary>
    public static LlamaPoolingType PoolingType(SafeLlamaContextHandle context) => llama_pooling_type(context);

    /// <summary>Allocates a batch of up to <paramref name="tokens"/> tokens for up to <paramref name="sequences"/> sequences per token.</summary>
    public static LlamaBatch BatchInit(int tokens, int sequences) => llama_batch_init(tokens, 0, sequences);

    /// <summary>Frees a batch made by <see cref="BatchInit"/>.</summary>
    public static void BatchFree(LlamaBatch batch) => llama_batch_free(batch);

    /// <summary>The context's performance counters.</summary>
    public static LlamaPerfContextData PerfContext(SafeLlamaContextHandle context) => llama_perf_context(context);

    /// <summary>Resets the context's performance counters.</summary>
    public static void PerfContextReset(SafeLlamaContextHandle context) => llama_perf_context_reset(context);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial LlamaContextParams llama_context_default_params();

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial SafeLlamaContextHandle llama_init_from_model(SafeLlamaModelHandle model, LlamaContextParams parameters);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_free(nint context);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial uint llama_n_ctx(SafeLlamaContextHandle context);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial uint llama_n_batch(SafeLlamaContextHandle context);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial uint llama_n_seq_max(SafeLlamaContextHandle context);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_set_n_threads(SafeLlamaContextHandle context, int threads, int batchThreads);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_set_abort_callback(SafeLlamaContextHandle context, delegate* unmanaged[Cdecl]<void*, byte> callback, void* data);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial nint llama_get_memory(SafeLlamaContextHandle context);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_memory_clear(nint memory, byte data);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial byte llama_memory_seq_rm(nint memory, int sequence, int p0, int p1);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_memory_seq_cp(nint memory, int source, int target, int p0, int p1);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_memory_seq_pos_min(nint memory, int sequence);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_memory_seq_pos_max(nint memory, int sequence);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_decode(SafeLlamaContextHandle context, LlamaBatch batch);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial float* llama_get_logits_ith(SafeLlamaContextHandle context, int index);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial float* llama_get_embeddings_seq(SafeLlamaContextHandle context, int sequence);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial LlamaPoolingType llama_pooling_type(SafeLlamaContextHandle context);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial LlamaBatch llama_batch_init(int tokens, int embeddings, int sequences);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_batch_free(LlamaBatch batch);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial LlamaPerfContextData llama_perf_context(SafeLlamaContextHandle context);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_perf_context_reset(SafeLlamaContextHandle context);
}
