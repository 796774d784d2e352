using System.Runtime.InteropServices;

namespace Benny.Engines.OpenVino.Native;

/// <summary>Owns an <c>ov_genai_json_container*</c>; releasing it calls <c>ov_genai_json_container_free</c>.</summary>
internal sealed class SafeJsonContainerHandle : SafeHandle
{
    /// <summary>Initializes an invalid handle (the marshaller fills it in).</summary>
    public SafeJsonContainerHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Interop.FreeJsonContainer(handle);
        return true;
    }
}
