using Benny.Engines.Gguf.Format;
using Benny.Engines.Gguf.Tests.Support;

namespace Benny.Engines.Gguf.Tests.Format;

/// <summary>
/// <see cref="GgufFile.Read(string)"/> against llama.cpp's <c>gguf_init_from_file</c> on the same bytes. Benny mirrors the
/// verdict of the read with data (<c>no_alloc = false</c>), since the engine loads the tensors; where the metadata-only
/// read differs, the test says so.
/// </summary>
[TestFixture]
public sealed class GgufFileParityTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = FormatTestFiles.NewTempDirectory();

    [TearDown]
    public void TearDown() => FormatTestFiles.DeleteDirectory(_dir);

    [Test]
    public void Read_NonUtf8MetadataString_AcceptedLikeLlamaCppWithReplacementCharacters()
    {
        string path = Write("non-utf8.gguf", RawGguf.Header(0, 1).Str("k").U32(8).U64(3).U8(0x61).U8(0xC3).U8(0x28));

        Assert.That(GgufOracle.Accepts(path, GgufOracle.Mode.WithData), Is.True, "llama.cpp (with data)");
        Assert.That(GgufOracle.Accepts(path, GgufOracle.Mode.MetadataOnly), Is.True, "llama.cpp (metadata only)");
        GgufFile file = GgufFile.Read(path);
        Assert.That(file.TryGetString("k", out string? value), Is.True);
        Assert.That(value, Is.EqualTo("a\uFFFD("));
    }

    [Test]
    public void Read_DataSectionOneByteShortOfLastPadding_RejectedLikeLlamaCppDataRead()
    {
        // One F32 tensor of 4 elements: 16 bytes of data, padded to 32; the file stops one byte before the padded end.
        string path = Write("short.gguf", RawGguf.Header(1, 0).Tensor("t", [4], 0, 0).AlignedData(32, 31));

        Assert.That(GgufOracle.Accepts(path, GgufOracle.Mode.WithData), Is.False, "llama.cpp (with data)");
        Assert.That(GgufOracle.Accepts(path, GgufOracle.Mode.MetadataOnly), Is.True, "llama.cpp (metadata only) does not read the data");
        GgufFormatException ex = Assert.Throws<GgufFormatException>(() => GgufFile.Read(path))!;
        Assert.That(ex.Message, Does.Contain("1 byte short"));
        Assert.That(ex.Message, Does.Contain("'t'"));
    }

    [TestCase(32, TestName = "Read_DataSectionExactlyComplete_AcceptedLikeLlamaCpp")]
    [TestCase(96, TestName = "Read_DataSectionWithTrailingBytes_AcceptedLikeLlamaCpp")]
    public void Read_CompleteDataSection_AcceptedLikeLlamaCpp(int dataBytes)
    {
        string path = Write("complete.gguf", RawGguf.Header(1, 0).Tensor("t", [4], 0, 0).AlignedData(32, dataBytes));

        Assert.That(GgufOracle.Accepts(path, GgufOracle.Mode.WithData), Is.True, "llama.cpp (with data)");
        Assert.That(GgufFile.Read(path).Tensors[0].ByteSize, Is.EqualTo(16));
    }

    [Test]
    public void Read_GapBetweenTensors_RejectedLikeLlamaCpp()
    {
        // 'a' needs 32 padded bytes, so llama.cpp expects 'b' at 32; at 64 it is aligned and in bounds but not contiguous.
        string path = Write("gap.gguf", RawGguf.Header(2, 0).Tensor("a", [4], 0, 0).Tensor("b", [4], 0, 64).AlignedData(32, 96));

        Assert.That(GgufOracle.Accepts(path, GgufOracle.Mode.WithData), Is.False, "llama.cpp (with data)");
        Assert.That(GgufOracle.Accepts(path, GgufOracle.Mode.MetadataOnly), Is.False, "llama.cpp (metadata only)");
        GgufFormatException ex = Assert.Throws<GgufFormatException>(() => GgufFile.Read(path))!;
        Assert.That(ex.Message, Does.Contain("'b'").And.Contain("expected 32"));
    }

    [Test]
    public void Read_TensorsOutOfFileOrder_RejectedLikeLlamaCpp()
    {
        string path = Write("order.gguf", RawGguf.Header(2, 0).Tensor("a", [4], 0, 32).Tensor("b", [4], 0, 0).AlignedData(32, 64));

        Assert.That(GgufOracle.Accepts(path, GgufOracle.Mode.WithData), Is.False, "llama.cpp (with data)");
        Assert.Throws<GgufFormatException>(() => GgufFile.Read(path));
    }

    [Test]
    public void Read_Stories260K_AcceptedLikeLlamaCpp()
    {
        string path = FormatTestFiles.Stories260K;

        Assert.That(GgufOracle.Accepts(path, GgufOracle.Mode.WithData), Is.True, "llama.cpp (with data)");
        Assert.That(() => GgufFile.Read(path), Throws.Nothing);
    }

    private string Write(string name, RawGguf raw)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, raw.ToArray());
        return path;
    }
}
