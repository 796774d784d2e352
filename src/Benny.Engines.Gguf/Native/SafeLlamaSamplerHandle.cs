using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>Owns a <c>llama_sampler*</c> (usually a chain); frees it with <c>llama_sampler_free</c>.</summary>
internal sealed class SafeLlamaSamplerHandle : SafeHandle
{
    /// <summary>Initializes an invalid handle (the interop layer sets it).</summary>
    public SafeLlamaSamplerHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Interop.SamplerFree(handle);
        return true;
    }
}
