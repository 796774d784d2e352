namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>enum llama_lazy_mode</c> of the pinned <c>llama.h</c>: on-demand reading of tensors the architecture marks.
/// Values are verified against the header by the enum value test.
/// </summary>
internal enum LlamaLazyMode
{
    /// <summary><c>LLAMA_LAZY_MODE_OFF</c>: always read whole tensors up front.</summary>
    Off = 0,

    /// <summary><c>LLAMA_LAZY_MODE_AUTO</c>: lazy only for marked tensors larger than 4 GiB (needs mmap).</summary>
    Auto = 1,

    /// <summary><c>LLAMA_LAZY_MODE_ON</c>: read rows of marked tensors on demand (needs mmap).</summary>
    On = 2,
}
