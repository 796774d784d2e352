namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>enum llama_context_type</c> of the pinned <c>llama.h</c>: the kind of context to create.
/// Values are verified against the header by the enum value test.
/// </summary>
internal enum LlamaContextType
{
    /// <summary><c>LLAMA_CONTEXT_TYPE_DEFAULT</c>: an ordinary context.</summary>
    Default = 0,

    /// <summary><c>LLAMA_CONTEXT_TYPE_MTP</c>: a multi-token-prediction context.</summary>
    Mtp = 1,
}
