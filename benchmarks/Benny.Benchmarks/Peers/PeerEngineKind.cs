namespace Benny.Benchmarks.Peers;

/// <summary>The engines of the peer suites.</summary>
internal enum PeerEngineKind
{
    /// <summary>The floor: <see cref="RawLlamaLoop"/>.</summary>
    Raw,

    /// <summary>Benny's GGUF engine through <c>IChatClient</c>: <see cref="BennyChatClientEngine"/>.</summary>
    Benny,

    /// <summary>LLamaSharp's <c>IChatClient</c> over its stateless executor: <see cref="LLamaSharpChatClientEngine"/>.</summary>
    LLamaSharpChatClient,

    /// <summary>LLamaSharp's batched executor: <see cref="LLamaSharpBatchedEngine"/>.</summary>
    LLamaSharpBatched,
}
