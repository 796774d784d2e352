using System.Runtime.InteropServices;

namespace Benny.Engines.OpenVino.Native;

/// <summary>
/// The C <c>streamer_callback</c> struct: <c>{ ov_genai_streaming_status_e (*callback_func)(const char* str, void* args); void* args; }</c>.
/// Blittable; passed by pointer and only read during the generate call.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct StreamerCallback
{
    /// <summary>The function called with each decoded piece (UTF-8, NUL-terminated) and <see cref="Args"/>; returns a <see cref="GenAiStreamingStatus"/>.</summary>
    public delegate* unmanaged[Cdecl]<byte*, nint, int> CallbackFunc;

    /// <summary>The opaque argument handed back to <see cref="CallbackFunc"/> (a <see cref="GCHandle"/> here).</summary>
    public nint Args;
}
