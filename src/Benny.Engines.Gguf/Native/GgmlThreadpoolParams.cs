using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>struct ggml_threadpool_params</c> of the pinned <c>ggml.h</c>; passed by pointer to the CPU backend's
/// <c>ggml_threadpool_new</c>. The layout is verified against the header by the layout test (<c>StructLayoutTests</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GgmlThreadpoolParams
{
    /// <summary><c>cpumask[GGML_MAX_N_THREADS]</c>: cores the threads may run on (C <c>bool</c>s; all zero = default affinity).</summary>
    public fixed byte Cpumask[512];

    /// <summary><c>n_threads</c>: the number of threads.</summary>
    public int NThreads;

    /// <summary><c>prio</c>: the threads' scheduling priority (<c>enum ggml_sched_priority</c>; 0 = normal).</summary>
    public int Prio;

    /// <summary><c>poll</c>: how long idle threads spin before they sleep (0 = never, 50 = llama.cpp's default, 100 = aggressive).</summary>
    public uint Poll;

    /// <summary><c>strict_cpu</c>: strict CPU placement (C <c>bool</c>).</summary>
    public byte StrictCpu;

    /// <summary><c>paused</c>: start paused (C <c>bool</c>).</summary>
    public byte Paused;
}
