namespace Benny.Benchmarks.Peers;

/// <summary>Loads the engine a peer benchmark case measures, and only that one (and its natives).</summary>
internal static class PeerEngines
{
    /// <summary>Loads <paramref name="kind"/> for <paramref name="path"/>.</summary>
    /// <param name="kind">The engine.</param>
    /// <param name="path">The GGUF file.</param>
    /// <param name="threads">The CPU threads (the GGUF engine's default rule for the model; the engine must choose the same by itself).</param>
    /// <param name="sequences">The most concurrent requests.</param>
    /// <param name="maxTokens">The output limit of every request.</param>
    /// <exception cref="InvalidOperationException">The GGUF engine chose another thread count than <paramref name="threads"/>.</exception>
    public static async Task<IPeerEngine> LoadAsync(PeerEngineKind kind, string path, int threads, int sequences, int maxTokens)
    {
        switch (kind)
        {
            case PeerEngineKind.Raw:
                ProcessNatives.Claim(ProcessNatives.Benny);
                return RawLlamaLoop.Load(path, threads, sequences);
            case PeerEngineKind.Benny:
                ProcessNatives.Claim(ProcessNatives.Benny);
                BennyChatClientEngine benny = await BennyChatClientEngine.LoadAsync(path, sequences, maxTokens);
                Console.WriteLine($"// Benny natives: {benny.Client.Natives.Directory} ({benny.Client.Natives.Variant}); {benny.Client.Info.Threads} thread(s), context {benny.Client.Info.ContextSize}, batch {benny.Client.Info.BatchSize}, {benny.Client.Info.SequenceSlots} slot(s)");
                if (benny.Client.Info.Threads != threads)
                {
                    benny.Dispose();
                    throw new InvalidOperationException($"The GGUF engine chose {benny.Client.Info.Threads} thread(s) by default, the other engines were given {threads}.");
                }

                return benny;
            case PeerEngineKind.LLamaSharpChatClient:
                return LLamaSharpChatClientEngine.Load(path, threads, maxTokens);
            case PeerEngineKind.LLamaSharpBatched:
                return LLamaSharpBatchedEngine.Load(path, threads, sequences);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown engine.");
        }
    }
}
