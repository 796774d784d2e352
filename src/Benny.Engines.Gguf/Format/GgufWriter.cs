using System.Buffers.Binary;
using System.Text;

namespace Benny.Engines.Gguf.Format;

/// <summary>
/// Collects metadata and tensors and writes them as a GGUF version 3 file, with the data section and every tensor
/// aligned to <see cref="Alignment"/> bytes. What it writes reads back unchanged with <see cref="GgufFile.Read(Stream)"/>.
/// </summary>
/// <remarks>
/// <para>Metadata is written in the order it was added, tensors too; each tensor's data is padded with zeros to the alignment.
/// Tensor data comes either from memory or from a callback that writes it when the file is written, so a writer can
/// produce files larger than memory.</para>
/// <para>An instance is not thread-safe.</para>
/// </remarks>
public sealed class GgufWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly OrderedDictionary<string, GgufValue> _metadata = new(StringComparer.Ordinal);
    private readonly List<PendingTensor> _tensors = [];
    private readonly HashSet<string> _tensorNames = new(StringComparer.Ordinal);

    /// <summary>Gets the alignment of the data section and of each tensor's data.</summary>
    /// <value>The value added under <c>general.alignment</c>; 32 (GGUF's default) when none was added.</value>
    public int Alignment => _metadata.TryGetValue(GgufFile.AlignmentKey, out GgufValue? v) ? (int)v.Get<uint>() : GgufFile.DefaultAlignment;

    /// <summary>Gets the number of metadata entries added so far.</summary>
    /// <value>The count.</value>
    public int MetadataCount => _metadata.Count;

    /// <summary>Gets the number of tensors added so far.</summary>
    /// <value>The count.</value>
    public int TensorCount => _tensors.Count;

    /// <summary>Adds a metadata entry.</summary>
    /// <param name="key">The key, unique in the file, for example <c>general.architecture</c>.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already added, or <paramref name="key"/> is
    /// <c>general.alignment</c> and <paramref name="value"/> is not a <see cref="GgufValueType.UInt32"/> power of two (at most 2^30).</exception>
    public void Add(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (_metadata.ContainsKey(key))
        {
            throw new ArgumentException($"The metadata key '{key}' was already added.", nameof(key));
        }

        if (key == GgufFile.AlignmentKey)
        {
            bool valid = value.Type == GgufValueType.UInt32 && value.Get<uint>() is uint a && a != 0 && (a & (a - 1)) == 0 && a <= 1u << 30;
            if (!valid)
            {
                throw new ArgumentException($"'{GgufFile.AlignmentKey}' must be a UInt32 power of two, at most 2^30; got {value.Type} {value}.", nameof(value));
            }

            if (_tensors.Count > 0)
            {
                throw new ArgumentException($"'{GgufFile.AlignmentKey}' must be added before the first tensor.", nameof(key));
            }
        }

        _metadata.Add(key, value);
    }

    /// <summary>Adds a <see cref="GgufValueType.String"/> entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already added, or <paramref name="value"/> has a lone surrogate.</exception>
    public void AddString(string key, string value) => Add(key, GgufValue.Create(value));

    /// <summary>Adds a <see cref="GgufValueType.UInt8"/> entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already added.</exception>
    public void AddUInt8(string key, byte value) => Add(key, GgufValue.Create(value));

    /// <summary>Adds an <see cref="GgufValueType.Int8"/> entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already added.</exception>
    public void AddInt8(string key, sbyte value) => Add(key, GgufValue.Create(value));

    /// <summary>Adds a <see cref="GgufValueType.UInt16"/> entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already added.</exception>
    public void AddUInt16(string key, ushort value) => Add(key, GgufValue.Create(value));

    /// <summary>Adds an <see cref="GgufValueType.Int16"/> entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already added.</exception>
    public void AddInt16(string key, short value) => Add(key, GgufValue.Create(value));

    /// <summary>Adds a <see cref="GgufValueType.UInt32"/> entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already added, or is <c>general.alignment</c>
    /// and <paramref name="value"/> is not a power of two.</exception>
    public void AddUInt32(string key, uint value) => Add(key, GgufValue.Create(value));

    /// <summary>Adds an <see cref="GgufValueType.Int32"/> entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already added.</exception>
    public void AddInt32(string key, int value) => Add(key, GgufValue.Create(value));

    /// <summary>Adds a <see cref="GgufValueType.UInt64"/> entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already added.</exception>
    public void AddUInt64(string key, ulong value) => Add(key, GgufValue.Create(value));

    /// <summary>Adds an <see cref="GgufValueType.Int64"/> entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already added.</exception>
    public void AddInt64(string key, long value) => Add(key, GgufValue.Create(value));

    /// <summary>Adds a <see cref="GgufValueType.Float32"/> entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already added.</exception>
    public void AddFloat32(string key, float value) => Add(key, GgufValue.Create(value));

    /// <summary>Adds a <see cref="GgufValueType.Float64"/> entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already added.</exception>
    public void AddFloat64(string key, double value) => Add(key, GgufValue.Create(value));

    /// <summary>Adds a <see cref="GgufValueType.Bool"/> entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already added.</exception>
    public void AddBool(string key, bool value) => Add(key, GgufValue.Create(value));

    /// <summary>Adds an array entry; the element type follows <typeparamref name="T"/> (see <see cref="GgufValue.CreateArray{T}(IEnumerable{T})"/>).</summary>
    /// <typeparam name="T">A GGUF element type: an integer, <see cref="float"/>, <see cref="double"/>, <see cref="bool"/>,
    /// <see cref="string"/>, or <see cref="GgufValue"/> for an array of arrays.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="values">The elements, copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/>, <paramref name="values"/> or an element is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already added, or the elements are not valid
    /// (see <see cref="GgufValue.CreateArray{T}(IEnumerable{T})"/>).</exception>
    public void AddArray<T>(string key, IEnumerable<T> values) => Add(key, GgufValue.CreateArray(values));

    /// <summary>Adds a tensor whose data is in memory.</summary>
    /// <param name="name">The tensor name, unique, at most 63 UTF-8 bytes (llama.cpp's limit).</param>
    /// <param name="dimensions">Zero to four dimensions, innermost first (ggml's <c>ne</c>).</param>
    /// <param name="type">The element type.</param>
    /// <param name="data">The raw data: exactly the tensor's byte size; it is not copied, so keep it unchanged until written.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="dimensions"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The name is empty, too long or already added; the shape is invalid for the type
    /// (see <see cref="AddTensor(string, IReadOnlyList{long}, GgmlType, Action{Stream})"/>); or <paramref name="data"/> has the wrong length.</exception>
    public void AddTensor(string name, IReadOnlyList<long> dimensions, GgmlType type, ReadOnlyMemory<byte> data)
    {
        (long[] dims, long byteSize) = ValidateTensor(name, dimensions, type);
        if (data.Length != byteSize)
        {
            throw new ArgumentException($"Tensor '{name}' needs {byteSize} bytes of data but {data.Length} were given.", nameof(data));
        }

        AddPending(new PendingTensor(name, dims, type, byteSize, data, null));
    }

    /// <summary>Adds a tensor whose data a callback writes when the file is written.</summary>
    /// <param name="name">The tensor name, unique, at most 63 UTF-8 bytes (llama.cpp's limit).</param>
    /// <param name="dimensions">Zero to four non-negative dimensions, innermost first (ggml's <c>ne</c>); the first must be a
    /// multiple of the type's block size (32 for <see cref="GgmlType.Q8_0"/>, 256 for k-quants), and the byte size must fit in 64 bits.</param>
    /// <param name="type">The element type.</param>
    /// <param name="writeData">Called once during <see cref="WriteTo(Stream)"/> with a write-only stream; it must write exactly
    /// the tensor's byte size.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/>, <paramref name="dimensions"/> or <paramref name="writeData"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The name is empty, too long or already added, or the shape is invalid for the type.</exception>
    public void AddTensor(string name, IReadOnlyList<long> dimensions, GgmlType type, Action<Stream> writeData)
    {
        ArgumentNullException.ThrowIfNull(writeData);
        (long[] dims, long byteSize) = ValidateTensor(name, dimensions, type);
        AddPending(new PendingTensor(name, dims, type, byteSize, default, writeData));
    }

    /// <summary>Writes the file to a path, replacing an existing file.</summary>
    /// <param name="path">The path of the file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="InvalidOperationException">A tensor callback wrote the wrong number of bytes.</exception>
    /// <exception cref="IOException">Writing failed.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be written.</exception>
    public void WriteTo(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        WriteTo(stream);
    }

    /// <summary>Writes the file to a stream, from its current position; the stream need not be seekable and is left open.</summary>
    /// <param name="stream">The writable stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    /// <exception cref="InvalidOperationException">A tensor callback wrote the wrong number of bytes.</exception>
    /// <exception cref="IOException">Writing failed.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        int alignment = Alignment;
        var output = new CountingStream(stream);
        Span<byte> scratch = stackalloc byte[8];

        output.Write("GGUF"u8);
        WriteUInt32(output, 3, scratch);
        WriteUInt64(output, (ulong)_tensors.Count, scratch);
        WriteUInt64(output, (ulong)_metadata.Count, scratch);
        foreach (KeyValuePair<string, GgufValue> entry in _metadata)
        {
            WriteString(output, entry.Key, scratch);
            WriteUInt32(output, (uint)entry.Value.Type, scratch);
            WriteValue(output, entry.Value.RawValue, entry.Value.ElementType, scratch);
        }

        long offset = 0;
        foreach (PendingTensor t in _tensors)
        {
            WriteString(output, t.Name, scratch);
            WriteUInt32(output, (uint)t.Dimensions.Length, scratch);
            foreach (long d in t.Dimensions)
            {
                WriteUInt64(output, (ulong)d, scratch);
            }

            WriteUInt32(output, (uint)t.Type, scratch);
            WriteUInt64(output, (ulong)offset, scratch);
            offset = checked(offset + PaddedSize(t.ByteSize, alignment));
        }

        Pad(output, alignment);
        foreach (PendingTensor t in _tensors)
        {
            long start = output.Count;
            if (t.WriteData is null)
            {
                output.Write(t.Data.Span);
            }
            else
            {
                using var limited = new LimitedWriteStream(output, t.ByteSize, t.Name);
                t.WriteData(limited);
            }

            long written = output.Count - start;
            if (written != t.ByteSize)
            {
                throw new InvalidOperationException($"The data callback of tensor '{t.Name}' wrote {written} bytes; the tensor needs {t.ByteSize}.");
            }

            Pad(output, alignment);
        }

        output.Flush();
    }

    private static long PaddedSize(long size, int alignment) => checked((size + alignment - 1) & ~((long)alignment - 1));

    private static void Pad(CountingStream output, int alignment)
    {
        long padding = PaddedSize(output.Count, alignment) - output.Count;
        Span<byte> zeros = stackalloc byte[256];
        zeros.Clear();
        while (padding > 0)
        {
            int n = (int)Math.Min(padding, zeros.Length);
            output.Write(zeros[..n]);
            padding -= n;
        }
    }

    private static void WriteUInt32(Stream s, uint value, Span<byte> scratch)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(scratch, value);
        s.Write(scratch[..4]);
    }

    private static void WriteUInt64(Stream s, ulong value, Span<byte> scratch)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(scratch, value);
        s.Write(scratch[..8]);
    }

    private static void WriteString(Stream s, string value, Span<byte> scratch)
    {
        byte[] bytes = StrictUtf8.GetBytes(value);
        WriteUInt64(s, (ulong)bytes.Length, scratch);
        s.Write(bytes);
    }

    private static void WriteValue(Stream s, object raw, GgufValueType? elementType, Span<byte> scratch)
    {
        switch (raw)
        {
            case byte v: s.WriteByte(v); break;
            case sbyte v: s.WriteByte((byte)v); break;
            case bool v: s.WriteByte(v ? (byte)1 : (byte)0); break;
            case ushort v: BinaryPrimitives.WriteUInt16LittleEndian(scratch, v); s.Write(scratch[..2]); break;
            case short v: BinaryPrimitives.WriteInt16LittleEndian(scratch, v); s.Write(scratch[..2]); break;
            case uint v: WriteUInt32(s, v, scratch); break;
            case int v: WriteUInt32(s, (uint)v, scratch); break;
            case ulong v: WriteUInt64(s, v, scratch); break;
            case long v: WriteUInt64(s, (ulong)v, scratch); break;
            case float v: BinaryPrimitives.WriteSingleLittleEndian(scratch, v); s.Write(scratch[..4]); break;
            case double v: BinaryPrimitives.WriteDoubleLittleEndian(scratch, v); s.Write(scratch[..8]); break;
            case string v: WriteString(s, v, scratch); break;
            case GgufValue nested: WriteValue(s, nested.RawValue, nested.ElementType, scratch); break;
            case Array array:
                WriteUInt32(s, (uint)elementType!.Value, scratch);
                WriteUInt64(s, (ulong)array.Length, scratch);
                foreach (object item in array)
                {
                    WriteValue(s, item, null, scratch);
                }

                break;
            default: throw new InvalidOperationException("Unexpected value representation.");
        }
    }

    private (long[] Dimensions, long ByteSize) ValidateTensor(string name, IReadOnlyList<long> dimensions, GgmlType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        if (_tensorNames.Contains(name))
        {
            throw new ArgumentException($"A tensor named '{name}' was already added.", nameof(name));
        }

        int nameBytes;
        try
        {
            nameBytes = StrictUtf8.GetByteCount(name);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The tensor name cannot be encoded as UTF-8.", nameof(name), ex);
        }

        if (nameBytes > GgufFile.MaxTensorNameBytes)
        {
            throw new ArgumentException($"The tensor name '{name}' is longer than {GgufFile.MaxTensorNameBytes} UTF-8 bytes.", nameof(name));
        }

        if (dimensions.Count > 4)
        {
            throw new ArgumentException($"Tensor '{name}' has {dimensions.Count} dimensions; at most 4 are supported.", nameof(dimensions));
        }

        long[] dims = [.. dimensions];
        string? problem = GgmlTypeTraits.TryComputeSize(type, dims, out _, out long byteSize);
        if (problem is not null)
        {
            throw new ArgumentException($"Tensor '{name}': {problem}.", problem.StartsWith("unknown", StringComparison.Ordinal) ? nameof(type) : nameof(dimensions));
        }

        return (dims, byteSize);
    }

    private void AddPending(PendingTensor tensor)
    {
        _tensorNames.Add(tensor.Name);
        _tensors.Add(tensor);
    }

    private sealed record PendingTensor(string Name, long[] Dimensions, GgmlType Type, long ByteSize, ReadOnlyMemory<byte> Data, Action<Stream>? WriteData);
}
