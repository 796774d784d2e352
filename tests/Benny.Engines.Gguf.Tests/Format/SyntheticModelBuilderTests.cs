using System.Buffers.Binary;
using Benny.Engines.Gguf.Format;

namespace Benny.Engines.Gguf.Tests.Format;

[TestFixture]
public sealed class SyntheticModelBuilderTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = FormatTestFiles.NewTempDirectory();

    [TearDown]
    public void TearDown() => FormatTestFiles.DeleteDirectory(_dir);

    [Test]
    public void Build_SameSeed_WritesIdenticalBytes()
    {
        string a = new SyntheticModelBuilder(new SyntheticModelOptions { Seed = 7 }).Build(Path.Combine(_dir, "a.gguf"));
        string b = new SyntheticModelBuilder(new SyntheticModelOptions { Seed = 7 }).Build(Path.Combine(_dir, "b.gguf"));

        Assert.That(File.ReadAllBytes(a), Is.EqualTo(File.ReadAllBytes(b)));
    }

    [Test]
    public void Build_DifferentSeed_WritesDifferentWeights()
    {
        string a = new SyntheticModelBuilder(new SyntheticModelOptions { Seed = 7 }).Build(Path.Combine(_dir, "a.gguf"));
        string b = new SyntheticModelBuilder(new SyntheticModelOptions { Seed = 8 }).Build(Path.Combine(_dir, "b.gguf"));

        byte[] first = File.ReadAllBytes(a);
        byte[] second = File.ReadAllBytes(b);
        Assert.That(first, Has.Length.EqualTo(second.Length));
        Assert.That(first, Is.Not.EqualTo(second));
    }

    [Test]
    public void Build_Defaults_WritesLlamaKeysAndDocumentedSize()
    {
        string path = new SyntheticModelBuilder(new SyntheticModelOptions()).Build(Path.Combine(_dir, "m.gguf"));

        GgufFile file = GgufFile.Read(path);

        Assert.Multiple(() =>
        {
            Assert.That(file.FileLength, Is.EqualTo(438_624));
            Assert.That(file.Architecture, Is.EqualTo("llama"));
            Assert.That(U32(file, "llama.context_length"), Is.EqualTo(512u));
            Assert.That(U32(file, "llama.embedding_length"), Is.EqualTo(64u));
            Assert.That(U32(file, "llama.block_count"), Is.EqualTo(2u));
            Assert.That(U32(file, "llama.feed_forward_length"), Is.EqualTo(128u));
            Assert.That(U32(file, "llama.attention.head_count"), Is.EqualTo(4u));
            Assert.That(U32(file, "llama.attention.head_count_kv"), Is.EqualTo(2u));
            Assert.That(U32(file, "llama.rope.dimension_count"), Is.EqualTo(16u));
            Assert.That(U32(file, "llama.vocab_size"), Is.EqualTo(262u));
            Assert.That(file.TryGetFloat("llama.attention.layer_norm_rms_epsilon", out double eps) ? eps : 0, Is.EqualTo(1e-5).Within(1e-9));
            Assert.That(file.TryGetString("tokenizer.ggml.model", out string? model) ? model : null, Is.EqualTo("llama"));
            Assert.That(file.TryGetString("tokenizer.chat_template", out string? template) ? template : null, Does.Contain("<|im_start|>"));
        });
    }

    [Test]
    public void Build_Defaults_WritesEveryLlamaTensorWithGgmlShapes()
    {
        string path = new SyntheticModelBuilder(new SyntheticModelOptions()).Build(Path.Combine(_dir, "m.gguf"));

        GgufFile file = GgufFile.Read(path);
        Dictionary<string, long[]> shapes = file.Tensors.ToDictionary(t => t.Name, t => t.Dimensions.ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(file.Tensors, Has.Count.EqualTo(3 + (2 * 9)));
            Assert.That(shapes["token_embd.weight"], Is.EqualTo(new long[] { 64, 262 }));
            Assert.That(shapes["output.weight"], Is.EqualTo(new long[] { 64, 262 }));
            Assert.That(shapes["output_norm.weight"], Is.EqualTo(new long[] { 64 }));
            Assert.That(shapes["blk.1.attn_norm.weight"], Is.EqualTo(new long[] { 64 }));
            Assert.That(shapes["blk.1.attn_q.weight"], Is.EqualTo(new long[] { 64, 64 }));
            Assert.That(shapes["blk.1.attn_k.weight"], Is.EqualTo(new long[] { 64, 32 }));
            Assert.That(shapes["blk.1.attn_v.weight"], Is.EqualTo(new long[] { 64, 32 }));
            Assert.That(shapes["blk.1.attn_output.weight"], Is.EqualTo(new long[] { 64, 64 }));
            Assert.That(shapes["blk.1.ffn_norm.weight"], Is.EqualTo(new long[] { 64 }));
            Assert.That(shapes["blk.1.ffn_gate.weight"], Is.EqualTo(new long[] { 64, 128 }));
            Assert.That(shapes["blk.1.ffn_up.weight"], Is.EqualTo(new long[] { 64, 128 }));
            Assert.That(shapes["blk.1.ffn_down.weight"], Is.EqualTo(new long[] { 128, 64 }));
        });
    }

    [Test]
    public void Build_ByteVocabulary_HasAllByteTokensAndChatMlControls()
    {
        string path = new SyntheticModelBuilder(new SyntheticModelOptions()).Build(Path.Combine(_dir, "m.gguf"));

        GgufFile file = GgufFile.Read(path);
        file.TryGetStringArray("tokenizer.ggml.tokens", out IReadOnlyList<string>? found);
        List<string> tokens = [.. found!];
        IReadOnlyList<int> types = file.Metadata["tokenizer.ggml.token_type"].GetArray<int>();

        Assert.Multiple(() =>
        {
            Assert.That(tokens, Has.Count.EqualTo(262));
            Assert.That(Enumerable.Range(0, 256).Select(b => tokens.IndexOf($"<0x{b:X2}>")), Is.All.GreaterThanOrEqualTo(0));
            Assert.That(types[tokens.IndexOf("<0x41>")], Is.EqualTo(6));
            Assert.That(types[tokens.IndexOf("<|im_start|>")], Is.EqualTo(3));
            Assert.That(types[tokens.IndexOf("<|im_end|>")], Is.EqualTo(3));
            Assert.That(U32(file, "tokenizer.ggml.eot_token_id"), Is.EqualTo((uint)tokens.IndexOf("<|im_end|>")));
            Assert.That(file.Metadata["tokenizer.ggml.scores"].Count, Is.EqualTo(262));
        });
    }

    [Test]
    public void Build_F32_WeightsAreSmallAndNormsAreOne()
    {
        string path = new SyntheticModelBuilder(new SyntheticModelOptions()).Build(Path.Combine(_dir, "m.gguf"));
        GgufFile file = GgufFile.Read(path);
        byte[] bytes = File.ReadAllBytes(path);

        float[] q = ReadF32(bytes, file, "blk.0.attn_q.weight");
        float[] norm = ReadF32(bytes, file, "blk.0.attn_norm.weight");
        double mean = q.Average();
        double std = Math.Sqrt(q.Select(v => (v - mean) * (v - mean)).Average());

        Assert.Multiple(() =>
        {
            Assert.That(q.Select(Math.Abs), Is.All.LessThan(0.08f));
            Assert.That(mean, Is.EqualTo(0).Within(0.002));
            Assert.That(std, Is.EqualTo(0.02).Within(0.002));
            Assert.That(norm, Is.All.EqualTo(1.0f));
        });
    }

    [Test]
    public void Build_F16_MatricesAreF16AndNormsF32()
    {
        string path = new SyntheticModelBuilder(new SyntheticModelOptions { WeightType = GgmlType.F16 }).Build(Path.Combine(_dir, "m.gguf"));

        GgufFile file = GgufFile.Read(path);

        Assert.Multiple(() =>
        {
            Assert.That(file.FileLength, Is.EqualTo(224_096));
            Assert.That(file.TryGetUInt32("general.file_type", out uint fileType) ? fileType : 99, Is.EqualTo(1u));
            Assert.That(file.Tensors.Where(t => t.Dimensions.Count == 2).Select(t => t.Type), Is.All.EqualTo(GgmlType.F16));
            Assert.That(file.Tensors.Where(t => t.Dimensions.Count == 1).Select(t => t.Type), Is.All.EqualTo(GgmlType.F32));
        });
    }

    [Test]
    public void Build_Qwen2Vocabulary_CopiesTokenizerKeysAndTemplate()
    {
        string vocabPath = FormatTestFiles.Vocab("ggml-vocab-qwen2.gguf");
        var options = new SyntheticModelOptions
        {
            EmbeddingLength = 32,
            HeadCount = 2,
            KvHeadCount = 1,
            FeedForwardLength = 64,
            WeightType = GgmlType.F16,
            TieOutputToEmbedding = true,
            VocabularySourcePath = vocabPath,
        };

        string path = new SyntheticModelBuilder(options).Build(Path.Combine(_dir, "qwen.gguf"));

        GgufFile model = GgufFile.Read(path);
        GgufFile vocab = GgufFile.Read(vocabPath);
        Assert.Multiple(() =>
        {
            Assert.That(model.FileLength, Is.EqualTo(15_691_360));
            Assert.That(model.TryGetStringArray("tokenizer.ggml.tokens", out IReadOnlyList<string>? tokens) ? tokens.Count : 0, Is.EqualTo(151_936));
            Assert.That(U32(model, "llama.vocab_size"), Is.EqualTo(151_936u));
            Assert.That(model.TryGetString("tokenizer.chat_template", out string? template) ? template : null, Is.EqualTo(vocab.TryGetString("tokenizer.chat_template", out string? t) ? t : "missing"));
            foreach (KeyValuePair<string, GgufValue> entry in vocab.Metadata.Where(kv => kv.Key.StartsWith("tokenizer.", StringComparison.Ordinal)))
            {
                Assert.That(model.Metadata[entry.Key], Is.EqualTo(entry.Value), entry.Key);
            }

            Assert.That(model.TryGetTensor("output.weight", out _), Is.False);
            Assert.That(model.TryGetTensor("token_embd.weight", out GgufTensorInfo? embd) ? embd.Dimensions : null, Is.EqualTo(new long[] { 32, 151_936 }));
        });
    }

    [Test]
    public void Build_ExistingFile_IsReplacedAndNoTemporaryFileIsLeft()
    {
        string target = Path.Combine(_dir, "m.gguf");
        File.WriteAllText(target, "old");

        string path = new SyntheticModelBuilder(new SyntheticModelOptions()).Build(target);

        Assert.That(path, Is.EqualTo(Path.GetFullPath(target)));
        Assert.That(GgufFile.Read(path).Architecture, Is.EqualTo("llama"));
        Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void Build_MissingVocabularySource_ThrowsFileNotFoundAndWritesNothing()
    {
        var builder = new SyntheticModelBuilder(new SyntheticModelOptions { VocabularySourcePath = Path.Combine(_dir, "none.gguf") });

        Assert.Throws<FileNotFoundException>(() => builder.Build(Path.Combine(_dir, "m.gguf")));
        Assert.That(Directory.GetFiles(_dir), Is.Empty);
    }

    [Test]
    public void Constructor_NullOptions_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => _ = new SyntheticModelBuilder(null!));
    }

    private static IEnumerable<TestCaseData> InvalidOptions()
    {
        yield return new TestCaseData(new SyntheticModelOptions { BlockCount = 0 }).SetName("Constructor_ZeroBlocks_ThrowsArgumentException");
        yield return new TestCaseData(new SyntheticModelOptions { EmbeddingLength = 60, HeadCount = 8 }).SetName("Constructor_EmbeddingNotMultipleOfHeads_ThrowsArgumentException");
        yield return new TestCaseData(new SyntheticModelOptions { EmbeddingLength = 12, HeadCount = 4 }).SetName("Constructor_OddHeadSize_ThrowsArgumentException");
        yield return new TestCaseData(new SyntheticModelOptions { HeadCount = 4, KvHeadCount = 3 }).SetName("Constructor_KvHeadsNotDividingHeads_ThrowsArgumentException");
        yield return new TestCaseData(new SyntheticModelOptions { WeightType = GgmlType.Q8_0 }).SetName("Constructor_QuantizedWeightType_ThrowsArgumentException");
        yield return new TestCaseData(new SyntheticModelOptions { WeightStandardDeviation = float.NaN }).SetName("Constructor_NaNDeviation_ThrowsArgumentException");
        yield return new TestCaseData(new SyntheticModelOptions { RmsNormEpsilon = 0 }).SetName("Constructor_ZeroEpsilon_ThrowsArgumentException");
        yield return new TestCaseData(new SyntheticModelOptions { ModelName = " " }).SetName("Constructor_BlankName_ThrowsArgumentException");
    }

    [TestCaseSource(nameof(InvalidOptions))]
    public void Constructor_InvalidOptions_ThrowsArgumentException(SyntheticModelOptions options)
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => _ = new SyntheticModelBuilder(options))!;

        Assert.That(ex.ParamName, Is.EqualTo("options"));
    }

    private static uint U32(GgufFile file, string key) => file.TryGetUInt32(key, out uint value) ? value : uint.MaxValue;

    private static float[] ReadF32(byte[] bytes, GgufFile file, string name)
    {
        file.TryGetTensor(name, out GgufTensorInfo? tensor);
        var values = new float[tensor!.ElementCount];
        int start = (int)(file.DataOffset + tensor.Offset);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(start + (i * 4)));
        }

        return values;
    }
}
