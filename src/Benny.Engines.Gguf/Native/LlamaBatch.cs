using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>struct llama_batch</c> of the pinned <c>llama.h</c>: the input of <c>llama_decode</c>/<c>llama_encode</c>,
/// passed by value. Every array has <see cref="NTokens"/> entries. The layout is verified against the header by the
/// layout test (<c>StructLayoutTests</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaBatch
{
    /// <summary><c>n_tokens</c>: the number of entries in each array.</summary>
    public int NTokens;

    /// <summary><c>token</c>: token ids (used when <see cref="Embd"/> is NULL).</summary>
    public int* Token;

    /// <summary><c>embd</c>: token embeddings, <c>n_embd</c> floats per token (used when <see cref="Token"/> is NULL).</summary>
    public float* Embd;

    /// <summary><c>pos</c>: the position of each token in its sequence; NULL tracks positions automatically.</summary>
    public int* Pos;

    /// <summary><c>n_seq_id</c>: the number of sequence ids of each token.</summary>
    public int* NSeqId;

    /// <summary><c>seq_id</c>: the sequence ids of each token; NULL means sequence 0.</summary>
    public int** SeqId;

    /// <summary><c>logits</c>: non-zero where the token's logits (or embeddings) are output; NULL outputs only the last token.</summary>
    public sbyte* Logits;
}
