using LLama.Common;

namespace Benny.Benchmarks.Peers;

/// <summary>LLamaSharp's model and context parameters, set to what the GGUF engine and the raw loop use.</summary>
internal static class LLamaSharpParameters
{
    /// <summary>
    /// The parameters for <paramref name="path"/>: CPU only, the peer suites' context and batch sizes, the same threads for
    /// generation and prompt processing, flash attention left to llama.cpp (auto, the engine's default), a unified KV cache.
    /// </summary>
    public static ModelParams For(string path, int threads, int sequences) => new(path)
    {
        GpuLayerCount = 0,
        ContextSize = PeerWorkload.ContextSize,
        BatchSize = PeerWorkload.BatchSize,
        UBatchSize = PeerWorkload.BatchSize,
        SeqMax = (uint)sequences,
        Threads = threads,
        BatchThreads = threads,
        FlashAttention = null,
        KVUnified = true,
    };
}
