using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>struct llama_sampler_chain_params</c> of the pinned <c>llama.h</c>; passed by value to
/// <c>llama_sampler_chain_init</c>. The layout is verified against the header by the layout test (<c>StructLayoutTests</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerChainParams
{
    /// <summary><c>no_perf</c>: disable performance timings (C <c>bool</c>).</summary>
    public byte NoPerf;
}
