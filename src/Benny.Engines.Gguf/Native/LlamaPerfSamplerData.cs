using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>struct llama_perf_sampler_data</c> of the pinned <c>llama.h</c>: returned by value from
/// <c>llama_perf_sampler</c>. The layout is verified against the header by the layout test (<c>StructLayoutTests</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaPerfSamplerData
{
    /// <summary><c>t_sample_ms</c>: time spent sampling, in milliseconds.</summary>
    public double TSampleMs;

    /// <summary><c>n_sample</c>: number of sampled tokens.</summary>
    public int NSample;
}
