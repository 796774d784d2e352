namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>enum llama_attention_type</c> of the pinned <c>llama.h</c>: the attention used for embeddings.
/// Values are verified against the header by the enum value test.
/// </summary>
internal enum LlamaAttentionType
{
    /// <summary><c>LLAMA_ATTENTION_TYPE_UNSPECIFIED</c>: take it from the model.</summary>
    Unspecified = -1,

    /// <summary><c>LLAMA_ATTENTION_TYPE_CAUSAL</c>: causal attention.</summary>
    Causal = 0,

    /// <summary><c>LLAMA_ATTENTION_TYPE_NON_CAUSAL</c>: non-causal (bidirectional) attention.</summary>
    NonCausal = 1,
}
