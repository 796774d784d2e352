using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>struct llama_logit_bias</c> of the pinned <c>llama.h</c>: one entry given to
/// <c>llama_sampler_init_logit_bias</c>. The layout is verified against the header by the layout test (<c>StructLayoutTests</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaLogitBias
{
    /// <summary><c>token</c>: the token id.</summary>
    public int Token;

    /// <summary><c>bias</c>: added to the token's logit.</summary>
    public float Bias;
}
