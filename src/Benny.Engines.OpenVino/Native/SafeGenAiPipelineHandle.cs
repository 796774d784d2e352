using System.Runtime.InteropServices;

namespace Benny.Engines.OpenVino.Native;

/// <summary>Owns an <c>ov_genai_llm_pipeline*</c>; releasing it calls <c>ov_genai_llm_pipeline_free</c>.</summary>
internal sealed class SafeGenAiPipelineHandle : SafeHandle
{
    /// <summary>Initializes an invalid handle (the marshaller fills it in).</summary>
    public SafeGenAiPipelineHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Interop.FreeLlmPipeline(handle);
        return true;
    }
}
