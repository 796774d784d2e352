namespace Benny.Engines.Gguf;

/// <summary>How <see cref="GgufEmbeddingGenerator"/> pools the token embeddings of one input into one vector.</summary>
public enum GgufPoolingType
{
    /// <summary>The mean of the token embeddings (works on any model, generative ones included).</summary>
    Mean = 1,

    /// <summary>The embedding of the first (CLS) token, as BERT-style models are trained.</summary>
    Cls = 2,

    /// <summary>The embedding of the last token, as decoder-based embedding models (for example Qwen3-Embedding) are trained.</summary>
    Last = 3,
}
