using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>struct llama_token_data_array</c> of the pinned <c>llama.h</c>: the candidates a sampler works on
/// (<c>llama_sampler_apply</c>). The layout is verified against the header by the layout test (<c>StructLayoutTests</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaTokenDataArray
{
    /// <summary><c>data</c>: the candidates; samplers may replace this pointer.</summary>
    public LlamaTokenData* Data;

    /// <summary><c>size</c>: the number of candidates.</summary>
    public nuint Size;

    /// <summary><c>selected</c>: the index in <see cref="Data"/> (not the token id) of the selected candidate.</summary>
    public long Selected;

    /// <summary><c>sorted</c>: whether <see cref="Data"/> is sorted by logit, descending (C <c>bool</c>).</summary>
    public byte Sorted;
}
