using Benny.Engines.Gguf.Format;

namespace Benny.Engines.Gguf.Tests.Format;

[TestFixture]
public sealed class GgufWriterTests
{
    private static IEnumerable<TestCaseData> Values()
    {
        yield return new TestCaseData(GgufValue.Create((byte)200)).SetName("WriteTo_UInt8_RoundTrips");
        yield return new TestCaseData(GgufValue.Create((sbyte)-100)).SetName("WriteTo_Int8_RoundTrips");
        yield return new TestCaseData(GgufValue.Create((ushort)65000)).SetName("WriteTo_UInt16_RoundTrips");
        yield return new TestCaseData(GgufValue.Create((short)-32000)).SetName("WriteTo_Int16_RoundTrips");
        yield return new TestCaseData(GgufValue.Create(4_000_000_000u)).SetName("WriteTo_UInt32_RoundTrips");
        yield return new TestCaseData(GgufValue.Create(-2_000_000_000)).SetName("WriteTo_Int32_RoundTrips");
        yield return new TestCaseData(GgufValue.Create(ulong.MaxValue)).SetName("WriteTo_UInt64_RoundTrips");
        yield return new TestCaseData(GgufValue.Create(long.MinValue)).SetName("WriteTo_Int64_RoundTrips");
        yield return new TestCaseData(GgufValue.Create(1e-5f)).SetName("WriteTo_Float32_RoundTrips");
        yield return new TestCaseData(GgufValue.Create(Math.PI)).SetName("WriteTo_Float64_RoundTrips");
        yield return new TestCaseData(GgufValue.Create(true)).SetName("WriteTo_Bool_RoundTrips");
        yield return new TestCaseData(GgufValue.Create("héllo 你好 🙂")).SetName("WriteTo_String_RoundTrips");
        yield return new TestCaseData(GgufValue.Create(string.Empty)).SetName("WriteTo_EmptyString_RoundTrips");
        yield return new TestCaseData(GgufValue.CreateArray(new byte[] { 0, 255 })).SetName("WriteTo_UInt8Array_RoundTrips");
        yield return new TestCaseData(GgufValue.CreateArray(new sbyte[] { -128, 127 })).SetName("WriteTo_Int8Array_RoundTrips");
        yield return new TestCaseData(GgufValue.CreateArray(new ushort[] { 1, 65535 })).SetName("WriteTo_UInt16Array_RoundTrips");
        yield return new TestCaseData(GgufValue.CreateArray(new short[] { -1, 2 })).SetName("WriteTo_Int16Array_RoundTrips");
        yield return new TestCaseData(GgufValue.CreateArray(new uint[] { 1, uint.MaxValue })).SetName("WriteTo_UInt32Array_RoundTrips");
        yield return new TestCaseData(GgufValue.CreateArray(new[] { 1, 6, 3 })).SetName("WriteTo_Int32Array_RoundTrips");
        yield return new TestCaseData(GgufValue.CreateArray(new ulong[] { 1, ulong.MaxValue })).SetName("WriteTo_UInt64Array_RoundTrips");
        yield return new TestCaseData(GgufValue.CreateArray(new long[] { long.MinValue, 0 })).SetName("WriteTo_Int64Array_RoundTrips");
        yield return new TestCaseData(GgufValue.CreateArray(new[] { -0.5f, float.NaN, float.PositiveInfinity })).SetName("WriteTo_Float32Array_RoundTrips");
        yield return new TestCaseData(GgufValue.CreateArray(new[] { 1e300, -0.0 })).SetName("WriteTo_Float64Array_RoundTrips");
        yield return new TestCaseData(GgufValue.CreateArray(new[] { true, false, true })).SetName("WriteTo_BoolArray_RoundTrips");
        yield return new TestCaseData(GgufValue.CreateArray(new[] { "a", string.Empty, "ü" })).SetName("WriteTo_StringArray_RoundTrips");
        yield return new TestCaseData(GgufValue.CreateArray(Array.Empty<int>())).SetName("WriteTo_EmptyArray_RoundTrips");
        yield return new TestCaseData(GgufValue.CreateArray(new[]
        {
            GgufValue.CreateArray(new[] { 1, 2 }),
            GgufValue.CreateArray(new[] { "x" }),
            GgufValue.CreateArray(new[] { GgufValue.CreateArray(new[] { 1.5f }) }),
        })).SetName("WriteTo_NestedArrays_RoundTrip");
    }

    private static GgufFile RoundTrip(GgufWriter writer)
    {
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        stream.Position = 0;
        return GgufFile.Read(stream);
    }

    [TestCaseSource(nameof(Values))]
    public void WriteTo_Value_RoundTrips(GgufValue value)
    {
        var writer = new GgufWriter();
        writer.Add("test.value", value);

        GgufFile file = RoundTrip(writer);

        Assert.That(file.Version, Is.EqualTo(3u));
        Assert.That(file.Metadata["test.value"], Is.EqualTo(value));
    }

    [Test]
    public void WriteTo_TypedAdds_RoundTripWithTheirTypes()
    {
        var writer = new GgufWriter();
        writer.AddUInt8("u8", 1);
        writer.AddInt8("i8", -1);
        writer.AddUInt16("u16", 2);
        writer.AddInt16("i16", -2);
        writer.AddUInt32("u32", 3);
        writer.AddInt32("i32", -3);
        writer.AddUInt64("u64", 4);
        writer.AddInt64("i64", -4);
        writer.AddFloat32("f32", 0.5f);
        writer.AddFloat64("f64", 0.25);
        writer.AddBool("bool", true);
        writer.AddString("str", "s");
        writer.AddArray("arr", new[] { "a", "b" });

        GgufFile file = RoundTrip(writer);

        Assert.That(
            file.Metadata.Select(kv => kv.Value.Type),
            Is.EqualTo(new[]
            {
                GgufValueType.UInt8, GgufValueType.Int8, GgufValueType.UInt16, GgufValueType.Int16, GgufValueType.UInt32,
                GgufValueType.Int32, GgufValueType.UInt64, GgufValueType.Int64, GgufValueType.Float32, GgufValueType.Float64,
                GgufValueType.Bool, GgufValueType.String, GgufValueType.Array,
            }));
        Assert.That(file.Metadata.Keys, Is.EqualTo(new[] { "u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f32", "f64", "bool", "str", "arr" }));
    }

    [Test]
    public void WriteTo_Tensors_AreAlignedAndReadBack()
    {
        byte[] first = Enumerable.Range(0, 12).Select(i => (byte)i).ToArray();
        byte[] second = Enumerable.Range(0, 34).Select(i => (byte)(100 + i)).ToArray();
        var writer = new GgufWriter();
        writer.AddTensor("a", [3], GgmlType.F32, first);
        writer.AddTensor("b", [32], GgmlType.Q8_0, stream => stream.Write(second));
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        byte[] bytes = stream.ToArray();
        stream.Position = 0;

        GgufFile file = GgufFile.Read(stream);

        Assert.Multiple(() =>
        {
            Assert.That(file.Tensors.Select(t => t.Name), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(file.Tensors[1].Type, Is.EqualTo(GgmlType.Q8_0));
            Assert.That(file.Tensors[1].ByteSize, Is.EqualTo(34));
            Assert.That(file.Tensors.Select(t => t.Offset % 32), Is.All.Zero);
            Assert.That(file.DataOffset % 32, Is.Zero);
            Assert.That(bytes.AsSpan((int)(file.DataOffset + file.Tensors[0].Offset), 12).ToArray(), Is.EqualTo(first));
            Assert.That(bytes.AsSpan((int)(file.DataOffset + file.Tensors[1].Offset), 34).ToArray(), Is.EqualTo(second));
            Assert.That(bytes.Length % 32, Is.Zero);
        });
    }

    [Test]
    public void WriteTo_AlignmentKey_AlignsTensorsToIt()
    {
        var writer = new GgufWriter();
        writer.AddUInt32("general.alignment", 256);
        writer.AddTensor("a", [1], GgmlType.F32, new byte[4]);
        writer.AddTensor("b", [1], GgmlType.F32, new byte[4]);

        GgufFile file = RoundTrip(writer);

        Assert.That(writer.Alignment, Is.EqualTo(256));
        Assert.That(file.Alignment, Is.EqualTo(256));
        Assert.That(file.Tensors[1].Offset, Is.EqualTo(256));
        Assert.That(file.DataOffset % 256, Is.Zero);
    }

    [Test]
    public void WriteTo_Path_WritesReadableFile()
    {
        string dir = FormatTestFiles.NewTempDirectory();
        try
        {
            string path = Path.Combine(dir, "x.gguf");
            var writer = new GgufWriter();
            writer.AddString("general.architecture", "llama");
            writer.WriteTo(path);

            Assert.That(GgufFile.Read(path).Architecture, Is.EqualTo("llama"));
        }
        finally
        {
            FormatTestFiles.DeleteDirectory(dir);
        }
    }

    [Test]
    public void WriteTo_CallbackWritesTooFewBytes_ThrowsInvalidOperationException()
    {
        var writer = new GgufWriter();
        writer.AddTensor("a", [4], GgmlType.F32, stream => stream.Write(new byte[15]));

        Assert.Throws<InvalidOperationException>(() => writer.WriteTo(Stream.Null));
    }

    [Test]
    public void WriteTo_CallbackWritesTooManyBytes_ThrowsInvalidOperationException()
    {
        var writer = new GgufWriter();
        writer.AddTensor("a", [4], GgmlType.F32, stream => stream.Write(new byte[17]));

        Assert.Throws<InvalidOperationException>(() => writer.WriteTo(Stream.Null));
    }

    [Test]
    public void Add_DuplicateKey_ThrowsArgumentException()
    {
        var writer = new GgufWriter();
        writer.AddUInt32("k", 1);

        Assert.Throws<ArgumentException>(() => writer.AddUInt32("k", 2));
    }

    [TestCase(48u)]
    [TestCase(0u)]
    public void AddUInt32_AlignmentNotPowerOfTwo_ThrowsArgumentException(uint alignment)
    {
        Assert.Throws<ArgumentException>(() => new GgufWriter().AddUInt32("general.alignment", alignment));
    }

    [Test]
    public void Add_AlignmentOfWrongType_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new GgufWriter().AddInt32("general.alignment", 32));
    }

    [Test]
    public void AddTensor_WrongDataLength_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new GgufWriter().AddTensor("a", [4], GgmlType.F32, new byte[15]));
    }

    [Test]
    public void AddTensor_DuplicateName_ThrowsArgumentException()
    {
        var writer = new GgufWriter();
        writer.AddTensor("a", [1], GgmlType.F32, new byte[4]);

        Assert.Throws<ArgumentException>(() => writer.AddTensor("a", [1], GgmlType.F32, new byte[4]));
    }

    [Test]
    public void AddTensor_RowNotMultipleOfBlockSize_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new GgufWriter().AddTensor("a", [16], GgmlType.Q8_0, _ => { }));
    }

    [Test]
    public void AddTensor_FiveDimensions_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new GgufWriter().AddTensor("a", [1, 1, 1, 1, 1], GgmlType.F32, new byte[4]));
    }

    [Test]
    public void AddTensor_UnknownType_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new GgufWriter().AddTensor("a", [1], (GgmlType)4, new byte[4]));
    }

    [Test]
    public void AddTensor_NameLongerThan63Bytes_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new GgufWriter().AddTensor(new string('n', 64), [1], GgmlType.F32, new byte[4]));
    }

    [Test]
    public void WriteTo_CopiedStories260KMetadata_RoundTripsEqual()
    {
        GgufFile source = GgufFile.Read(FormatTestFiles.Stories260K);
        var writer = new GgufWriter();
        foreach (KeyValuePair<string, GgufValue> entry in source.Metadata)
        {
            writer.Add(entry.Key, entry.Value);
        }

        GgufFile copy = RoundTrip(writer);

        Assert.That(copy.Metadata, Is.EqualTo(source.Metadata));
    }
}
