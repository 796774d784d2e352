using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>struct llama_chat_message</c> of the pinned <c>llama.h</c>: one message given to
/// <c>llama_chat_apply_template</c>. The strings are NUL-terminated UTF-8 owned by the caller. The layout is verified
/// against the header by the layout test (<c>StructLayoutTests</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaChatMessage
{
    /// <summary><c>role</c>: the role (<c>system</c>, <c>user</c>, <c>assistant</c>, ...), UTF-8.</summary>
    public byte* Role;

    /// <summary><c>content</c>: the message text, UTF-8.</summary>
    public byte* Content;
}
