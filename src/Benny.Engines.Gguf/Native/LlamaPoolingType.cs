namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>enum llama_pooling_type</c> of the pinned <c>llama.h</c>: how embeddings are pooled per sequence.
/// Values are verified against the header by the enum value test.
/// </summary>
internal enum LlamaPoolingType
{
    /// <summary><c>LLAMA_POOLING_TYPE_UNSPECIFIED</c>: take it from the model.</summary>
    Unspecified = -1,

    /// <summary><c>LLAMA_POOLING_TYPE_NONE</c>: no pooling, one embedding per token.</summary>
    None = 0,

    /// <summary><c>LLAMA_POOLING_TYPE_MEAN</c>: the mean of the token embeddings.</summary>
    Mean = 1,

    /// <summary><c>LLAMA_POOLING_TYPE_CLS</c>: the embedding of the CLS token.</summary>
    Cls = 2,

    /// <summary><c>LLAMA_POOLING_TYPE_LAST</c>: the embedding of the last token.</summary>
    Last = 3,

    /// <summary><c>LLAMA_POOLING_TYPE_RANK</c>: the classification head of reranking models.</summary>
    Rank = 4,
}
