using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Owns a <c>llama_context*</c>; frees it with <c>llama_free</c>. Holds a reference on its model's handle
/// so the model outlives every context made from it.
/// </summary>
internal sealed class SafeLlamaContextHandle : SafeHandle
{
    private SafeLlamaModelHandle? _model;

    /// <summary>Initializes an invalid handle (the interop layer sets it).</summary>
    public SafeLlamaContextHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Keeps <paramref name="model"/> alive until this context is released.</summary>
    internal void KeepAlive(SafeLlamaModelHandle model)
    {
        bool added = false;
        model.DangerousAddRef(ref added);
        _model = model;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Interop.ContextFree(handle);
        _model?.DangerousRelease();
        _model = null;
        return true;
    }
}
