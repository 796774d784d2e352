using System.Buffers.Binary;
using System.Globalization;

namespace Benny.Engines.Gguf.Format;

/// <summary>
/// Builds a llama-architecture GGUF model of a chosen shape with seeded random weights, for tests and benchmarks that need
/// a real model file that llama.cpp loads, tokenizes with and decodes, without downloading one.
/// </summary>
/// <remarks>
/// <para>The model has every <c>llama.*</c> hyper-parameter key llama.cpp reads and every tensor of
/// <c>LLM_ARCH_LLAMA</c>: <c>token_embd</c>, per block <c>attn_norm</c>, <c>attn_q/k/v/output</c>, <c>ffn_norm</c>,
/// <c>ffn_gate/up/down</c>, then <c>output_norm</c> and <c>output</c>. Matrices hold approximately normal values
/// N(0, <see cref="SyntheticModelOptions.WeightStandardDeviation"/>) from a generator seeded by
/// <see cref="SyntheticModelOptions.Seed"/> and the tensor's index (identical bytes for identical options on every platform);
/// norm weights are 1.</para>
/// <para>The vocabulary is either built in — a SentencePiece-style (<c>llama</c>) byte-level vocabulary: <c>&lt;unk&gt;</c>,
/// <c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, the 256 byte tokens <c>&lt;0x00&gt;</c>..<c>&lt;0xFF&gt;</c>, the ChatML control tokens
/// <c>&lt;|im_start|&gt;</c> and <c>&lt;|im_end|&gt;</c> (end of turn), and <c>▁</c> (space), with a ChatML chat template, so that
/// any UTF-8 text tokenizes without unknown tokens — or copied from another GGUF file
/// (<see cref="SyntheticModelOptions.VocabularySourcePath"/>).</para>
/// <para>Weights are F32 or F16. Quantized variants (Q8_0, Q4_K_M) are made from the built file with llama.cpp's
/// quantizer through the native bindings, not here.</para>
/// </remarks>
public sealed class SyntheticModelBuilder
{
    /// <summary>The number of tokens of the built-in byte-level vocabulary.</summary>
    internal const int ByteVocabularySize = 262;

    internal const string ChatMlTemplate =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private const int TokenTypeNormal = 1;
    private const int TokenTypeUnknown = 2;
    private const int TokenTypeControl = 3;
    private const int TokenTypeByte = 6;

    private readonly SyntheticModelOptions _options;

    /// <summary>Initializes a new instance of the <see cref="SyntheticModelBuilder"/> class.</summary>
    /// <param name="options">The shape, weights and vocabulary of the model.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range: a count or length is not positive; the embedding length
    /// is not a multiple of the head count or gives an odd head size; the KV head count does not divide the head count; the
    /// weight type is not F32 or F16; the standard deviation is negative or not finite; the epsilon is not positive; or the model name is empty.</exception>
    public SyntheticModelBuilder(SyntheticModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _options = options;
    }

    /// <summary>Gets the options the model is built from.</summary>
    /// <value>The options given to the constructor.</value>
    public SyntheticModelOptions Options => _options;

    /// <summary>
    /// Writes the model to <paramref name="outputPath"/>: first to a temporary file in the same directory, then renamed over
    /// the target, so a failure never leaves a partial model under that name. The directory is created when missing.
    /// </summary>
    /// <param name="outputPath">The path of the model file to write; an existing file is replaced.</param>
    /// <returns>The full path of the written file.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="outputPath"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputPath"/> is empty or white space.</exception>
    /// <exception cref="FileNotFoundException">The vocabulary source file does not exist.</exception>
    /// <exception cref="GgufFormatException">The vocabulary source is not a valid GGUF file or has no <c>tokenizer.ggml.tokens</c> string array.</exception>
    /// <exception cref="IOException">Reading the vocabulary or writing the model failed.</exception>
    /// <exception cref="UnauthorizedAccessException">The output cannot be written.</exception>
    public string Build(string outputPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        string fullPath = Path.GetFullPath(outputPath);
        string directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);

        GgufWriter writer = CreateWriter();
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            writer.WriteTo(temporary);
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return fullPath;
    }

    private static void Validate(SyntheticModelOptions options)
    {
        string? problem = FindProblem(options);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(options));
        }
    }

    private static string? FindProblem(SyntheticModelOptions o)
    {
        (int Value, string Name)[] counts =
        [
            (o.EmbeddingLength, nameof(o.EmbeddingLength)),
            (o.BlockCount, nameof(o.BlockCount)),
            (o.HeadCount, nameof(o.HeadCount)),
            (o.KvHeadCount, nameof(o.KvHeadCount)),
            (o.FeedForwardLength, nameof(o.FeedForwardLength)),
            (o.ContextLength, nameof(o.ContextLength)),
        ];
        foreach ((int value, string name) in counts)
        {
            if (value <= 0)
            {
                return $"{name} must be positive; got {value}.";
            }
        }

        if (o.EmbeddingLength % o.HeadCount != 0 || (o.EmbeddingLength / o.HeadCount) % 2 != 0)
        {
            return $"EmbeddingLength ({o.EmbeddingLength}) must be a multiple of HeadCount ({o.HeadCount}) with an even head size.";
        }

        if (o.HeadCount % o.KvHeadCount != 0)
        {
            return $"KvHeadCount ({o.KvHeadCount}) must divide HeadCount ({o.HeadCount}).";
        }

        if (o.WeightType is not (GgmlType.F32 or GgmlType.F16))
        {
            return $"WeightType must be F32 or F16; got {o.WeightType}. Quantize the built file instead.";
        }

        if (!float.IsFinite(o.WeightStandardDeviation) || o.WeightStandardDeviation < 0)
        {
            return $"WeightStandardDeviation must be finite and not negative; got {o.WeightStandardDeviation}.";
        }

        if (!(o.RmsNormEpsilon > 0) || !float.IsFinite(o.RmsNormEpsilon) || !(o.RopeFrequencyBase > 0) || !float.IsFinite(o.RopeFrequencyBase))
        {
            return "RmsNormEpsilon and RopeFrequencyBase must be positive and finite.";
        }

        if (string.IsNullOrWhiteSpace(o.ModelName))
        {
            return "ModelName must not be empty.";
        }

        return o.VocabularySourcePath is { Length: 0 } ? "VocabularySourcePath must be null or a path." : null;
    }

    private GgufWriter CreateWriter()
    {
        SyntheticModelOptions o = _options;
        var writer = new GgufWriter();
        writer.AddString("general.architecture", "llama");
        writer.AddString("general.name", o.ModelName);
        writer.AddUInt32("general.file_type", o.WeightType == GgmlType.F16 ? 1u : 0u); // LLAMA_FTYPE_MOSTLY_F16 / ALL_F32

        int headSize = o.EmbeddingLength / o.HeadCount;
        GgufFile? vocabularySource = o.VocabularySourcePath is null ? null : GgufFile.Read(o.VocabularySourcePath);
        int vocabularySize = vocabularySource is null ? ByteVocabularySize : CountTokens(vocabularySource);
        writer.AddUInt32("llama.context_length", (uint)o.ContextLength);
        writer.AddUInt32("llama.embedding_length", (uint)o.EmbeddingLength);
        writer.AddUInt32("llama.block_count", (uint)o.BlockCount);
        writer.AddUInt32("llama.feed_forward_length", (uint)o.FeedForwardLength);
        writer.AddUInt32("llama.attention.head_count", (uint)o.HeadCount);
        writer.AddUInt32("llama.attention.head_count_kv", (uint)o.KvHeadCount);
        writer.AddUInt32("llama.rope.dimension_count", (uint)headSize);
        writer.AddFloat32("llama.rope.freq_base", o.RopeFrequencyBase);
        writer.AddFloat32("llama.attention.layer_norm_rms_epsilon", o.RmsNormEpsilon);
        writer.AddUInt32("llama.vocab_size", (uint)vocabularySize);
        if (o.Pooling is { } pooling)
        {
            writer.AddUInt32("llama.pooling_type", (uint)pooling);
        }

        if (vocabularySource is null)
        {
            AddByteVocabulary(writer, o.ChatTemplate ?? ChatMlTemplate);
        }
        else
        {
            CopyVocabulary(writer, vocabularySource, o.ChatTemplate);
        }

        int embd = o.EmbeddingLength;
        int kvSize = headSize * o.KvHeadCount;
        int tensorIndex = 0;
        void Matrix(string name, long columns, long rows) => AddRandom(writer, name, [columns, rows], tensorIndex++);
        void Norm(string name)
        {
            writer.AddTensor(name, [embd], GgmlType.F32, OnesF32(embd));
            tensorIndex++;
        }

        Matrix("token_embd.weight", embd, vocabularySize);
        for (int i = 0; i < o.BlockCount; i++)
        {
            string b = "blk." + i.ToString(CultureInfo.InvariantCulture);
            Norm(b + ".attn_norm.weight");
            Matrix(b + ".attn_q.weight", embd, embd);
            Matrix(b + ".attn_k.weight", embd, kvSize);
            Matrix(b + ".attn_v.weight", embd, kvSize);
            Matrix(b + ".attn_output.weight", embd, embd);
            Norm(b + ".ffn_norm.weight");
            Matrix(b + ".ffn_gate.weight", embd, o.FeedForwardLength);
            Matrix(b + ".ffn_up.weight", embd, o.FeedForwardLength);
            Matrix(b + ".ffn_down.weight", o.FeedForwardLength, embd);
        }

        Norm("output_norm.weight");
        if (!o.TieOutputToEmbedding)
        {
            Matrix("output.weight", embd, vocabularySize);
        }

        return writer;
    }

    private void AddRandom(GgufWriter writer, string name, long[] dimensions, int tensorIndex)
    {
        GgmlType type = _options.WeightType;
        float deviation = _options.WeightStandardDeviation;
        int seed = _options.Seed;
        long count = dimensions[0] * dimensions[1];
        writer.AddTensor(name, dimensions, type, stream =>
        {
            var random = new SeededNormalGenerator(seed, tensorIndex);
            int elementSize = type == GgmlType.F16 ? 2 : 4;
            byte[] chunk = new byte[16 * 1024 * elementSize];
            long left = count;
            while (left > 0)
            {
                int n = (int)Math.Min(left, chunk.Length / elementSize);
                for (int i = 0; i < n; i++)
                {
                    float value = random.Next(deviation);
                    if (type == GgmlType.F16)
                    {
                        BinaryPrimitives.WriteHalfLittleEndian(chunk.AsSpan(i * 2), (Half)value);
                    }
                    else
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(chunk.AsSpan(i * 4), value);
                    }
                }

                stream.Write(chunk, 0, n * elementSize);
                left -= n;
            }
        });
    }

    private static byte[] OnesF32(int count)
    {
        byte[] bytes = new byte[count * 4];
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), 1.0f);
        }

        return bytes;
    }

    private static int CountTokens(GgufFile source)
    {
        if (!source.TryGetStringArray("tokenizer.ggml.tokens", out IReadOnlyList<string>? tokens) || tokens.Count == 0)
        {
            throw new GgufFormatException("the vocabulary source has no 'tokenizer.ggml.tokens' string array", source.FilePath, null);
        }

        return tokens.Count;
    }

    private static void CopyVocabulary(GgufWriter writer, GgufFile source, string? chatTemplate)
    {
        foreach (KeyValuePair<string, GgufValue> entry in source.Metadata)
        {
            if (entry.Key.StartsWith("tokenizer.", StringComparison.Ordinal) && !(chatTemplate is not null && entry.Key == "tokenizer.chat_template"))
            {
                writer.Add(entry.Key, entry.Value);
            }
        }

        if (chatTemplate is not null)
        {
            writer.AddString("tokenizer.chat_template", chatTemplate);
        }
    }

    private static void AddByteVocabulary(GgufWriter writer, string chatTemplate)
    {
        var tokens = new List<string>(ByteVocabularySize) { "<unk>", "<s>", "</s>" };
        var types = new List<int>(ByteVocabularySize) { TokenTypeUnknown, TokenTypeControl, TokenTypeControl };
        for (int b = 0; b < 256; b++)
        {
            tokens.Add($"<0x{b:X2}>");
            types.Add(TokenTypeByte);
        }

        tokens.Add("<|im_start|>");
        types.Add(TokenTypeControl);
        tokens.Add("<|im_end|>");
        types.Add(TokenTypeControl);
        tokens.Add("\u2581"); // SentencePiece's space
        types.Add(TokenTypeNormal);

        writer.AddString("tokenizer.ggml.model", "llama");
        writer.AddArray("tokenizer.ggml.tokens", tokens);
        writer.AddArray("tokenizer.ggml.scores", new float[tokens.Count]);
        writer.AddArray("tokenizer.ggml.token_type", types);
        writer.AddUInt32("tokenizer.ggml.bos_token_id", 1);
        writer.AddUInt32("tokenizer.ggml.eos_token_id", 2);
        writer.AddUInt32("tokenizer.ggml.unknown_token_id", 0);
        writer.AddUInt32("tokenizer.ggml.eot_token_id", (uint)tokens.IndexOf("<|im_end|>"));
        writer.AddBool("tokenizer.ggml.add_bos_token", false);
        writer.AddBool("tokenizer.ggml.add_eos_token", false);
        writer.AddBool("tokenizer.ggml.add_space_prefix", false);
        writer.AddString("tokenizer.chat_template", chatTemplate);
    }
}
