namespace Benny.Engines.Gguf.Format;

/// <summary>
/// The shape, weights and vocabulary of a synthetic llama-architecture model built by <see cref="SyntheticModelBuilder"/>.
/// This record is the builder's single input: a variant (a new weight format, a new vocabulary mode) is a new property here.
/// </summary>
/// <remarks>
/// The defaults build a tiny model (36,992 parameters per block, 438,624 bytes in F32, 224,096 bytes in F16,
/// with the byte-level vocabulary of 262 tokens) that llama.cpp loads and decodes in milliseconds; see
/// <c>docs/engines/gguf-format.md</c> for the sizes of other shapes.
/// </remarks>
public sealed record SyntheticModelOptions
{
    /// <summary>Gets the embedding length (<c>llama.embedding_length</c>, <c>n_embd</c>).</summary>
    /// <value>Default 64. Must be a multiple of <see cref="HeadCount"/>, with an even head size.</value>
    public int EmbeddingLength { get; init; } = 64;

    /// <summary>Gets the number of transformer blocks (<c>llama.block_count</c>).</summary>
    /// <value>Default 2.</value>
    public int BlockCount { get; init; } = 2;

    /// <summary>Gets the number of attention heads (<c>llama.attention.head_count</c>).</summary>
    /// <value>Default 4.</value>
    public int HeadCount { get; init; } = 4;

    /// <summary>Gets the number of key/value heads (<c>llama.attention.head_count_kv</c>); fewer than <see cref="HeadCount"/> is grouped-query attention.</summary>
    /// <value>Default 2. Must divide <see cref="HeadCount"/>.</value>
    public int KvHeadCount { get; init; } = 2;

    /// <summary>Gets the hidden size of the feed-forward network (<c>llama.feed_forward_length</c>).</summary>
    /// <value>Default 128.</value>
    public int FeedForwardLength { get; init; } = 128;

    /// <summary>Gets the training context length (<c>llama.context_length</c>).</summary>
    /// <value>Default 512.</value>
    public int ContextLength { get; init; } = 512;

    /// <summary>Gets the seed of the weights: the same options build byte-identical files.</summary>
    /// <value>Default 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>Gets the type of the matrices (embeddings, attention, feed-forward, output); norm weights are always F32.</summary>
    /// <value>Default <see cref="GgmlType.F32"/>; <see cref="GgmlType.F16"/> is the other supported type.</value>
    public GgmlType WeightType { get; init; } = GgmlType.F32;

    /// <summary>Gets the standard deviation of the random matrix weights (centred on zero), small so that logits stay finite.</summary>
    /// <value>Default 0.02.</value>
    public float WeightStandardDeviation { get; init; } = 0.02f;

    /// <summary>Gets the epsilon of the RMS norms (<c>llama.attention.layer_norm_rms_epsilon</c>).</summary>
    /// <value>Default 1e-5.</value>
    public float RmsNormEpsilon { get; init; } = 1e-5f;

    /// <summary>Gets the RoPE frequency base (<c>llama.rope.freq_base</c>).</summary>
    /// <value>Default 10000.</value>
    public float RopeFrequencyBase { get; init; } = 10000f;

    /// <summary>Gets the path of a GGUF file (typically vocab-only) whose <c>tokenizer.*</c> keys, chat template included,
    /// are copied as they are; the vocabulary size follows its token list.</summary>
    /// <value>Default <see langword="null"/>: the model gets the built-in byte-level vocabulary (262 tokens, ChatML template).</value>
    public string? VocabularySourcePath { get; init; }

    /// <summary>Gets the chat template written to <c>tokenizer.chat_template</c> (Jinja text).</summary>
    /// <value>Default <see langword="null"/>: ChatML with the built-in vocabulary, else the vocabulary source's own template (if any).</value>
    public string? ChatTemplate { get; init; }

    /// <summary>Gets a value indicating whether the output projection reuses the token embeddings (no <c>output.weight</c> tensor),
    /// which halves the size of models with large vocabularies.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool TieOutputToEmbedding { get; init; }

    /// <summary>Gets the pooling written to <c>llama.pooling_type</c>, which embedding generators use unless told otherwise.</summary>
    /// <value>Default <see langword="null"/>: the key is not written (llama.cpp then pools nothing; Benny's generator pools the mean).</value>
    public GgufPoolingType? Pooling { get; init; }

    /// <summary>Gets the model name written to <c>general.name</c>.</summary>
    /// <value>Default <c>benny-synthetic</c>.</value>
    public string ModelName { get; init; } = "benny-synthetic";
}
