using System.Runtime.InteropServices;

namespace Benny.Engines.OpenVino.Native;

/// <summary>Owns an <c>ov_genai_perf_metrics*</c>; releasing it calls <c>ov_genai_decoded_results_perf_metrics_free</c>.</summary>
internal sealed class SafePerfMetricsHandle : SafeHandle
{
    /// <summary>Initializes an invalid handle (the marshaller fills it in).</summary>
    public SafePerfMetricsHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Interop.FreePerfMetrics(handle);
        return true;
    }
}
