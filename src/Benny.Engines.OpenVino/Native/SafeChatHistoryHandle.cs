using System.Runtime.InteropServices;

namespace Benny.Engines.OpenVino.Native;

/// <summary>Owns an <c>ov_genai_chat_history*</c>; releasing it calls <c>ov_genai_chat_history_free</c>.</summary>
internal sealed class SafeChatHistoryHandle : SafeHandle
{
    /// <summary>Initializes an invalid handle (the marshaller fills it in).</summary>
    public SafeChatHistoryHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Interop.FreeChatHistory(handle);
        return true;
    }
}
