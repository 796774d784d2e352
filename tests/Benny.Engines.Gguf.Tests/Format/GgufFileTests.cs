using Benny.Engines.Gguf.Format;

namespace Benny.Engines.Gguf.Tests.Format;

[TestFixture]
public sealed class GgufFileTests
{
    private static GgufFormatException ReadBad(RawGguf raw)
    {
        using MemoryStream stream = raw.ToStream();
        return Assert.Throws<GgufFormatException>(() => GgufFile.Read(stream))!;
    }

    [Test]
    public void Read_Stories260K_ReportsLlamaShapeAndF32Tensors()
    {
        GgufFile file = GgufFile.Read(FormatTestFiles.Stories260K);

        Assert.Multiple(() =>
        {
            Assert.That(file.Version, Is.EqualTo(3u));
            Assert.That(file.Architecture, Is.EqualTo("llama"));
            Assert.That(file.FileLength, Is.EqualTo(1_185_376));
            Assert.That(file.Alignment, Is.EqualTo(32));
            Assert.That(file.DataOffset % file.Alignment, Is.Zero);
            Assert.That(file.TryGetUInt32("llama.embedding_length", out uint embd) ? embd : 0, Is.EqualTo(64u));
            Assert.That(file.TryGetUInt32("llama.block_count", out uint blocks) ? blocks : 0, Is.EqualTo(5u));
            Assert.That(file.TryGetUInt32("llama.attention.head_count", out uint heads) ? heads : 0, Is.EqualTo(8u));
            Assert.That(file.TryGetUInt32("llama.attention.head_count_kv", out uint kvHeads) ? kvHeads : 0, Is.EqualTo(4u));
            Assert.That(file.TryGetUInt32("llama.context_length", out uint ctx) ? ctx : 0, Is.EqualTo(2048u));
            Assert.That(file.TryGetStringArray("tokenizer.ggml.tokens", out IReadOnlyList<string>? tokens) ? tokens.Count : 0, Is.EqualTo(512));
            Assert.That(file.TryGetString("tokenizer.chat_template", out _), Is.False);
            Assert.That(file.Tensors.Select(t => t.Type), Is.All.EqualTo(GgmlType.F32));
            Assert.That(file.TryGetTensor("token_embd.weight", out GgufTensorInfo? embedding), Is.True);
            Assert.That(embedding!.Dimensions, Is.EqualTo(new long[] { 64, 512 }));
            Assert.That(embedding.ByteSize, Is.EqualTo(64 * 512 * 4));
            Assert.That(file.Tensors.Sum(t => t.ElementCount), Is.InRange(250_000, 300_000));
            Assert.That(file.Tensors.Max(t => file.DataOffset + t.Offset + t.ByteSize), Is.LessThanOrEqualTo(file.FileLength));
        });
    }

    [TestCase("ggml-vocab-qwen2.gguf", "qwen2", 151_936)]
    [TestCase("ggml-vocab-llama-bpe.gguf", "llama", 128_256)]
    [TestCase("ggml-vocab-phi-3.gguf", "phi3", 32_064)]
    public void Read_VocabOnlyFile_ReportsTokenCountAndNoTensors(string name, string architecture, int tokenCount)
    {
        GgufFile file = GgufFile.Read(FormatTestFiles.Vocab(name));

        Assert.Multiple(() =>
        {
            Assert.That(file.Architecture, Is.EqualTo(architecture));
            Assert.That(file.Tensors, Is.Empty);
            Assert.That(file.TryGetStringArray("tokenizer.ggml.tokens", out IReadOnlyList<string>? tokens) ? tokens.Count : 0, Is.EqualTo(tokenCount));
            Assert.That(file.DataOffset, Is.LessThanOrEqualTo(file.FileLength));
        });
    }

    [Test]
    public void Read_Qwen2Vocab_HasChatMlTemplate()
    {
        GgufFile file = GgufFile.Read(FormatTestFiles.Vocab("ggml-vocab-qwen2.gguf"));

        Assert.That(file.TryGetString("tokenizer.chat_template", out string? template), Is.True);
        Assert.That(template, Does.Contain("<|im_start|>"));
    }

    [Test]
    public void Read_Stories260K_MetadataKeepsFileOrder()
    {
        GgufFile file = GgufFile.Read(FormatTestFiles.Stories260K);

        // llama.cpp's converter wrote the tokenizer first in this file.
        Assert.That(file.Metadata.Keys.First(), Is.EqualTo("tokenizer.ggml.tokens"));
    }

    [Test]
    public void Read_MissingFile_ThrowsFileNotFoundException()
    {
        string path = Path.Combine(Path.GetTempPath(), "benny-tests", Guid.NewGuid().ToString("N"), "none.gguf");

        Assert.That(() => GgufFile.Read(path), Throws.InstanceOf<IOException>());
    }

    [Test]
    public void Read_NullStream_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => GgufFile.Read((Stream)null!));
    }

    [Test]
    public void Read_NonSeekableStream_ThrowsArgumentException()
    {
        using var stream = new NonSeekableStream(RawGguf.Header(0, 0).ToArray());

        Assert.Throws<ArgumentException>(() => GgufFile.Read(stream));
    }

    [Test]
    public void Read_BadMagicFromPath_ThrowsWithPathAndOffset()
    {
        string dir = FormatTestFiles.NewTempDirectory();
        try
        {
            string path = Path.Combine(dir, "bad.gguf");
            File.WriteAllBytes(path, RawGguf.Header(0, 0, magic: "GGML").ToArray());

            GgufFormatException ex = Assert.Throws<GgufFormatException>(() => GgufFile.Read(path))!;

            Assert.Multiple(() =>
            {
                Assert.That(ex.FilePath, Is.EqualTo(path));
                Assert.That(ex.Offset, Is.Zero);
                Assert.That(ex.Message, Does.Contain("magic").And.Contain(path));
            });
        }
        finally
        {
            FormatTestFiles.DeleteDirectory(dir);
        }
    }

    [Test]
    public void Read_Version2_IsAccepted()
    {
        using MemoryStream stream = RawGguf.Header(0, 1, version: 2).KvU32("a.b", 7).ToStream();

        GgufFile file = GgufFile.Read(stream);

        Assert.That(file.Version, Is.EqualTo(2u));
        Assert.That(file.TryGetUInt32("a.b", out uint v) ? v : 0, Is.EqualTo(7u));
    }

    [TestCase(1u)]
    [TestCase(4u)]
    [TestCase(0x03000000u)]
    public void Read_UnsupportedVersion_ThrowsFormatException(uint version)
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(0, 0, version: version));

        Assert.That(ex.Message, Does.Contain("version"));
        Assert.That(ex.Offset, Is.EqualTo(4));
    }

    [Test]
    public void Read_EmptyStream_ThrowsTruncation()
    {
        GgufFormatException ex = ReadBad(new RawGguf());

        Assert.That(ex.Message, Does.Contain("ends"));
    }

    [Test]
    public void Read_TruncatedAtEveryByteOfAValidFile_ThrowsFormatException()
    {
        var writer = new GgufWriter();
        writer.AddString("general.architecture", "llama");
        writer.AddArray("list", new[] { "a", "bc" });
        writer.AddTensor("t", [32], GgmlType.F32, new byte[128]);
        using var full = new MemoryStream();
        writer.WriteTo(full);
        byte[] bytes = full.ToArray();

        for (int length = 0; length < bytes.Length; length++)
        {
            using var cut = new MemoryStream(bytes, 0, length, writable: false);
            Assert.Throws<GgufFormatException>(() => GgufFile.Read(cut), $"length {length}");
        }
    }

    [Test]
    public void Read_StringLengthOf2Pow62_FailsFastWithFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(0, 1).U64(1UL << 62).Bytes(new byte[64]));

        Assert.That(ex.Message, Does.Contain("bytes are left"));
        Assert.That(ex.Offset, Is.EqualTo(24));
    }

    [Test]
    public void Read_ArrayOfHugeCount_FailsFastWithFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(0, 1).Str("big").U32(9).U32(4).U64(1UL << 61).U32(1));

        Assert.That(ex.Message, Does.Contain("2305843009213693952 elements"));
    }

    [Test]
    public void Read_ArrayOfStringsCountBeyondRemainingBytes_FailsFastWithFormatException()
    {
        // 100 strings need at least 800 bytes of length prefixes; only 16 are there.
        GgufFormatException ex = ReadBad(RawGguf.Header(0, 1).Str("s").U32(9).U32(8).U64(100).U64(0).U64(0));

        Assert.That(ex.Message, Does.Contain("100 elements of String"));
    }

    [Test]
    public void Read_MetadataCountBeyondRemainingBytes_FailsFastWithFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(0, ulong.MaxValue));

        Assert.That(ex.Message, Does.Contain("metadata count"));
    }

    [Test]
    public void Read_TensorCountBeyondRemainingBytes_FailsFastWithFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(1UL << 40, 0));

        Assert.That(ex.Message, Does.Contain("tensor count"));
    }

    [Test]
    public void Read_ArraysNestedTooDeep_ThrowsFormatException()
    {
        RawGguf raw = RawGguf.Header(0, 1).Str("deep").U32(9);
        for (int i = 0; i < 40; i++)
        {
            raw.U32(9).U64(1); // an array holding one array
        }

        raw.U32(4).U64(0);

        GgufFormatException ex = ReadBad(raw);

        Assert.That(ex.Message, Does.Contain("nest deeper"));
    }

    [Test]
    public void Read_UnknownValueType_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(0, 1).Str("k").U32(13).U32(0));

        Assert.That(ex.Message, Does.Contain("unknown value type 13"));
    }

    [Test]
    public void Read_UnknownArrayElementType_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(0, 1).Str("k").U32(9).U32(99).U64(0));

        Assert.That(ex.Message, Does.Contain("unknown array element type 99"));
    }

    [Test]
    public void Read_DuplicateMetadataKey_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(0, 2).KvU32("k", 1).KvU32("k", 2));

        Assert.That(ex.Message, Does.Contain("duplicate metadata key 'k'"));
    }

    [Test]
    public void Read_EmptyKey_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(0, 1).KvU32(string.Empty, 1));

        Assert.That(ex.Message, Does.Contain("empty key"));
    }

    [Test]
    public void Read_NonUtf8String_ReadsInvalidBytesAsReplacementCharacter()
    {
        using MemoryStream stream = RawGguf.Header(0, 1).Str("k").U32(8).U64(2).U8(0xC3).U8(0x28).ToStream();

        GgufFile file = GgufFile.Read(stream);

        Assert.That(file.TryGetString("k", out string? value), Is.True);
        Assert.That(value, Is.EqualTo("\uFFFD("));
    }

    [Test]
    public void Read_AlignmentNotPowerOfTwo_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(0, 1).KvU32("general.alignment", 48));

        Assert.That(ex.Message, Does.Contain("not a power of two"));
    }

    [Test]
    public void Read_AlignmentOfWrongType_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(0, 1).Str("general.alignment").U32(5).U32(32));

        Assert.That(ex.Message, Does.Contain("must be a UInt32"));
    }

    [Test]
    public void Read_CustomAlignment_IsUsedForDataOffset()
    {
        RawGguf raw = RawGguf.Header(1, 1).KvU32("general.alignment", 64).Tensor("t", [16], 0, 0).AlignedData(64, 64);
        using MemoryStream stream = raw.ToStream();

        GgufFile file = GgufFile.Read(stream);

        Assert.That(file.Alignment, Is.EqualTo(64));
        Assert.That(file.DataOffset % 64, Is.Zero);
    }

    [Test]
    public void Read_UnknownGgmlType_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(1, 0).Tensor("t", [32], 4, 0).AlignedData(32, 64));

        Assert.That(ex.Message, Does.Contain("unknown ggml type 4"));
    }

    [Test]
    public void Read_DuplicateTensorName_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(2, 0).Tensor("t", [8], 0, 0).Tensor("t", [8], 0, 32).AlignedData(32, 64));

        Assert.That(ex.Message, Does.Contain("duplicate tensor name 't'"));
    }

    [Test]
    public void Read_FiveDimensions_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(1, 0).Tensor("t", [1, 1, 1, 1, 1], 0, 0).AlignedData(32, 32));

        Assert.That(ex.Message, Does.Contain("5 dimensions"));
    }

    [Test]
    public void Read_ElementCountOverflow_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(1, 0).Tensor("t", [1UL << 32, 1UL << 32], 0, 0).AlignedData(32, 32));

        Assert.That(ex.Message, Does.Contain("element count").And.Contain("overflows"));
    }

    [Test]
    public void Read_ByteSizeOverflow_ThrowsFormatException()
    {
        // 2^62 F32 elements fit in a long, their 2^64 bytes do not.
        GgufFormatException ex = ReadBad(RawGguf.Header(1, 0).Tensor("t", [1UL << 31, 1UL << 31], 0, 0).AlignedData(32, 32));

        Assert.That(ex.Message, Does.Contain("byte size").And.Contain("overflows"));
    }

    [Test]
    public void Read_DimensionAboveInt64_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(1, 0).Tensor("t", [ulong.MaxValue], 0, 0).AlignedData(32, 32));

        Assert.That(ex.Message, Does.Contain("overflows"));
    }

    [Test]
    public void Read_RowNotMultipleOfBlockSize_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(1, 0).Tensor("t", [33], 8, 0).AlignedData(32, 64));

        Assert.That(ex.Message, Does.Contain("not a multiple of the block size 32"));
    }

    [Test]
    public void Read_TensorDataOutsideFile_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(1, 0).Tensor("t", [64], 0, 0).AlignedData(32, 128));

        Assert.That(ex.Message, Does.Contain("outside the file"));
        Assert.That(ex.Offset, Is.EqualTo(24));
    }

    [Test]
    public void Read_TensorOffsetBeyondInt64_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(1, 0).Tensor("t", [8], 0, ulong.MaxValue - 31).AlignedData(32, 32));

        Assert.That(ex.Message, Does.Contain("outside the file"));
    }

    [Test]
    public void Read_MisalignedTensorOffset_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(1, 0).Tensor("t", [4], 0, 16).AlignedData(32, 64));

        Assert.That(ex.Message, Does.Contain("not a multiple of the alignment 32"));
    }

    [Test]
    public void Read_OverlappingTensors_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(2, 0).Tensor("a", [16], 0, 0).Tensor("b", [16], 0, 32).AlignedData(32, 128));

        Assert.That(ex.Message, Does.Contain("tensor 'b' has data offset 32, expected 64"));
    }

    [Test]
    public void Read_DataSectionPastEndOfFile_ThrowsFormatException()
    {
        // The tensor descriptions end at byte 57; the data section would start at 64 but the file stops first.
        GgufFormatException ex = ReadBad(RawGguf.Header(1, 0).Tensor("t", [0], 0, 0));

        Assert.That(ex.Message, Does.Contain("past the end of the file"));
    }

    [Test]
    public void Read_TensorNameLongerThan63Bytes_ThrowsFormatException()
    {
        GgufFormatException ex = ReadBad(RawGguf.Header(1, 0).Tensor(new string('x', 64), [8], 0, 0).AlignedData(32, 32));

        Assert.That(ex.Message, Does.Contain("longer than 63 bytes"));
    }

    [Test]
    public void Read_SparseTenGigabyteFile_ReadsOnlyTheHeader()
    {
        string dir = FormatTestFiles.NewTempDirectory();
        try
        {
            string path = Path.Combine(dir, "big.gguf");
            const ulong Columns = 4096;
            const ulong Rows = 655_360; // 4096 x 655360 F32 = 10 GiB
            byte[] header = RawGguf.Header(1, 1).KvU32("llama.block_count", 1).Tensor("big.weight", [Columns, Rows], 0, 0).AlignedData(32, 0).ToArray();
            using (var stream = new FileStream(path, FileMode.CreateNew))
            {
                stream.Write(header);
                stream.SetLength(header.Length + (long)(Columns * Rows * 4)); // sparse: no data is written
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            GgufFile file = GgufFile.Read(path);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.That(file.Tensors[0].ByteSize, Is.EqualTo(10L * 1024 * 1024 * 1024));
            Assert.That(allocated, Is.LessThan(1024 * 1024));
        }
        finally
        {
            FormatTestFiles.DeleteDirectory(dir);
        }
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
