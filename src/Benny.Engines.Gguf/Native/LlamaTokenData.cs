using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>struct llama_token_data</c> of the pinned <c>llama.h</c>: one candidate token seen by the samplers.
/// The layout is verified against the header by the layout test (<c>StructLayoutTests</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaTokenData
{
    /// <summary><c>id</c>: the token id.</summary>
    public int Id;

    /// <summary><c>logit</c>: the log-odds of the token.</summary>
    public float Logit;

    /// <summary><c>p</c>: the probability of the token.</summary>
    public float P;
}
