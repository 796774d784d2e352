namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>enum llama_split_mode</c> of the pinned <c>llama.h</c>: how a model is split across GPUs.
/// Values are verified against the header by the enum value test.
/// </summary>
internal enum LlamaSplitMode
{
    /// <summary><c>LLAMA_SPLIT_MODE_NONE</c>: a single GPU (<c>main_gpu</c>).</summary>
    None = 0,

    /// <summary><c>LLAMA_SPLIT_MODE_LAYER</c>: split layers and KV cache across GPUs.</summary>
    Layer = 1,

    /// <summary><c>LLAMA_SPLIT_MODE_ROW</c>: split layers and KV cache, with tensor parallelism where supported.</summary>
    Row = 2,

    /// <summary><c>LLAMA_SPLIT_MODE_TENSOR</c>: split individual tensors across GPUs.</summary>
    Tensor = 3,
}
