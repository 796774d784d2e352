namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>enum llama_load_mode</c> of the pinned <c>llama.h</c>: how the model file is read into memory.
/// Values are verified against the header by the enum value test.
/// </summary>
internal enum LlamaLoadMode
{
    /// <summary><c>LLAMA_LOAD_MODE_AUTO</c>: chosen from the device capabilities.</summary>
    Auto = -1,

    /// <summary><c>LLAMA_LOAD_MODE_NONE</c>: plain reads, no special mode.</summary>
    None = 0,

    /// <summary><c>LLAMA_LOAD_MODE_MMAP</c>: memory-map the model file.</summary>
    Mmap = 1,

    /// <summary><c>LLAMA_LOAD_MODE_MLOCK</c>: keep the model in RAM (no swapping or compression).</summary>
    Mlock = 2,

    /// <summary><c>LLAMA_LOAD_MODE_MMAP_MLOCK</c>: memory-map and keep the pages in RAM.</summary>
    MmapMlock = 3,

    /// <summary><c>LLAMA_LOAD_MODE_DIRECT_IO</c>: direct I/O where available.</summary>
    DirectIo = 4,
}
