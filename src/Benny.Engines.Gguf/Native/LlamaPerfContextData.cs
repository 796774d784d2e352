using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>struct llama_perf_context_data</c> of the pinned <c>llama.h</c>: returned by value from
/// <c>llama_perf_context</c>. Times are in milliseconds. The layout is verified against the header by the layout test
/// (<c>StructLayoutTests</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaPerfContextData
{
    /// <summary><c>t_start_ms</c>: absolute start time.</summary>
    public double TStartMs;

    /// <summary><c>t_load_ms</c>: time spent loading the model.</summary>
    public double TLoadMs;

    /// <summary><c>t_p_eval_ms</c>: time spent processing the prompt.</summary>
    public double TPEvalMs;

    /// <summary><c>t_eval_ms</c>: time spent generating tokens.</summary>
    public double TEvalMs;

    /// <summary><c>n_p_eval</c>: number of prompt tokens.</summary>
    public int NPEval;

    /// <summary><c>n_eval</c>: number of generated tokens.</summary>
    public int NEval;

    /// <summary><c>n_reused</c>: number of times a compute graph was reused.</summary>
    public int NReused;
}
