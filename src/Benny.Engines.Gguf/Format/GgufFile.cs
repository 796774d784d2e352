using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace Benny.Engines.Gguf.Format;

/// <summary>
/// The header of a GGUF file, read and validated: version, metadata, tensor descriptions and the data section offset.
/// Tensor data is never read into memory, so a file of any size is opened with header-sized memory.
/// </summary>
/// <remarks>
/// <para>The reader accepts GGUF versions 2 and 3 and rejects a malformed file with a <see cref="GgufFormatException"/>
/// naming the problem and the byte offset: bad magic, unsupported version, truncation, unknown value or ggml types,
/// duplicate keys or tensor names, arrays nested deeper than 16 levels, counts or lengths
/// larger than the bytes left in the file (checked before anything is allocated), tensors with more than four dimensions,
/// element counts or byte sizes that overflow a 64-bit integer, rows that are not a multiple of the type's block size,
/// a <c>general.alignment</c> that is not a power of two, tensor data that is not laid out in file order with each tensor padded
/// to the alignment, and a data section shorter than the tensors' padded sizes. The verdicts match llama.cpp's
/// <c>gguf_init_from_file</c> reading the data (<c>no_alloc = false</c>), which is what loading a model needs.</para>
/// <para>Strings are not required to be UTF-8, as in llama.cpp: bytes that are not valid UTF-8 read as U+FFFD.</para>
/// <para>Instances are immutable and safe to share between threads.</para>
/// </remarks>
public sealed class GgufFile
{
    /// <summary>The metadata key of the data alignment.</summary>
    internal const string AlignmentKey = "general.alignment";

    /// <summary>The alignment used when <c>general.alignment</c> is absent.</summary>
    internal const int DefaultAlignment = 32;

    /// <summary>The longest tensor name llama.cpp accepts, in UTF-8 bytes (<c>GGML_MAX_NAME</c> - 1).</summary>
    internal const int MaxTensorNameBytes = 63;

    private const uint Magic = 0x46554747; // "GGUF" read as a little-endian uint32
    private const int MinKeyValueBytes = 8 + 1 + 4 + 1; // key length, one key byte, value type, one value byte
    private const int MinTensorInfoBytes = 8 + 1 + 4 + 4 + 8; // name length, one name byte, n_dims, type, offset

    private readonly Dictionary<string, GgufTensorInfo> _tensorsByName;

    private GgufFile(
        string? filePath,
        uint version,
        int alignment,
        long dataOffset,
        long fileLength,
        OrderedDictionary<string, GgufValue> metadata,
        List<GgufTensorInfo> tensors,
        Dictionary<string, GgufTensorInfo> tensorsByName)
    {
        FilePath = filePath;
        Version = version;
        Alignment = alignment;
        DataOffset = dataOffset;
        FileLength = fileLength;
        Metadata = new ReadOnlyDictionary<string, GgufValue>(metadata);
        Tensors = tensors.AsReadOnly();
        _tensorsByName = tensorsByName;
    }

    /// <summary>Gets the path of the file that was read.</summary>
    /// <value>The path, or <see langword="null"/> when read from a stream.</value>
    public string? FilePath { get; }

    /// <summary>Gets the GGUF version of the file.</summary>
    /// <value>2 or 3.</value>
    public uint Version { get; }

    /// <summary>Gets the alignment of the data section and of every tensor's data.</summary>
    /// <value>The value of <c>general.alignment</c>, 32 when absent; always a power of two.</value>
    public int Alignment { get; }

    /// <summary>Gets the offset of the data section from the start of the file: the end of the tensor descriptions, aligned up
    /// to <see cref="Alignment"/> (not aligned in a file without tensors, as in llama.cpp).</summary>
    /// <value>The absolute byte offset; a tensor's data starts at <c>DataOffset + tensor.Offset</c>.</value>
    public long DataOffset { get; }

    /// <summary>Gets the length of the file in bytes.</summary>
    /// <value>The length of the file or stream.</value>
    public long FileLength { get; }

    /// <summary>Gets the metadata, enumerated in file order.</summary>
    /// <value>Key to value; keys are unique.</value>
    public IReadOnlyDictionary<string, GgufValue> Metadata { get; }

    /// <summary>Gets the tensor descriptions in file order.</summary>
    /// <value>The tensors; names are unique.</value>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>Gets the model architecture from <c>general.architecture</c>.</summary>
    /// <value>For example <c>llama</c> or <c>qwen2</c>; <see langword="null"/> when the key is absent or not a string.</value>
    public string? Architecture => TryGetString("general.architecture", out string? value) ? value : null;

    /// <summary>Reads and validates the header of the GGUF file at <paramref name="path"/>.</summary>
    /// <param name="path">The path of the file.</param>
    /// <returns>The validated header.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory of the file does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened for reading.</exception>
    /// <exception cref="IOException">Reading the file failed.</exception>
    /// <exception cref="GgufFormatException">The file is not a valid GGUF file; <see cref="GgufFormatException.FilePath"/> is set.</exception>
    public static GgufFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        return ReadCore(stream, path);
    }

    /// <summary>Reads and validates a GGUF header from a readable, seekable stream, starting at position 0.</summary>
    /// <param name="stream">The stream; it is left open, its position after the call is unspecified.</param>
    /// <returns>The validated header.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read or cannot seek.</exception>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    /// <exception cref="GgufFormatException">The stream does not hold a valid GGUF file.</exception>
    public static GgufFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("The stream must be readable and seekable.", nameof(stream));
        }

        return ReadCore(stream, null);
    }

    /// <summary>Finds a tensor by name.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="tensor">The tensor, when found.</param>
    /// <returns><see langword="true"/> when the file has a tensor of that name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public bool TryGetTensor(string name, [NotNullWhen(true)] out GgufTensorInfo? tensor)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _tensorsByName.TryGetValue(name, out tensor);
    }

    /// <summary>Gets a string value.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="value">The string, when the key exists and holds a string.</param>
    /// <returns><see langword="true"/> when the key exists and holds a string.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool TryGetString(string key, [NotNullWhen(true)] out string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        value = Metadata.TryGetValue(key, out GgufValue? v) && v.Type == GgufValueType.String ? v.Get<string>() : null;
        return value is not null;
    }

    /// <summary>Gets an integer value that fits in <see cref="uint"/>, whatever its stored integer type.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="value">The value, when the key exists, holds an integer and the integer fits.</param>
    /// <returns><see langword="true"/> when the key exists and holds an integer in the range of <see cref="uint"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool TryGetUInt32(string key, out uint value)
    {
        bool ok = TryGetUInt64(key, out ulong wide) && wide <= uint.MaxValue;
        value = ok ? (uint)wide : 0;
        return ok;
    }

    /// <summary>Gets a non-negative integer value, whatever its stored integer type.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="value">The value, when the key exists and holds a non-negative integer.</param>
    /// <returns><see langword="true"/> when the key exists and holds a non-negative integer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool TryGetUInt64(string key, out ulong value)
    {
        ArgumentNullException.ThrowIfNull(key);
        value = 0;
        return Metadata.TryGetValue(key, out GgufValue? v) && v.TryGetUInt64(out value);
    }

    /// <summary>Gets a floating-point value stored as <see cref="GgufValueType.Float32"/> or <see cref="GgufValueType.Float64"/>.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="value">The value, when the key exists and holds a float.</param>
    /// <returns><see langword="true"/> when the key exists and holds a float.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool TryGetFloat(string key, out double value)
    {
        ArgumentNullException.ThrowIfNull(key);
        value = 0;
        if (!Metadata.TryGetValue(key, out GgufValue? v))
        {
            return false;
        }

        switch (v.Type)
        {
            case GgufValueType.Float32: value = v.Get<float>(); return true;
            case GgufValueType.Float64: value = v.Get<double>(); return true;
            default: return false;
        }
    }

    /// <summary>Gets a boolean value.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="value">The value, when the key exists and holds a bool.</param>
    /// <returns><see langword="true"/> when the key exists and holds a bool.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool TryGetBool(string key, out bool value)
    {
        ArgumentNullException.ThrowIfNull(key);
        bool ok = Metadata.TryGetValue(key, out GgufValue? v) && v.Type == GgufValueType.Bool;
        value = ok && v!.Get<bool>();
        return ok;
    }

    /// <summary>Gets an array of strings, such as <c>tokenizer.ggml.tokens</c>.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="value">The strings, when the key exists and holds an array of strings.</param>
    /// <returns><see langword="true"/> when the key exists and holds an array of strings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool TryGetStringArray(string key, [NotNullWhen(true)] out IReadOnlyList<string>? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        value = Metadata.TryGetValue(key, out GgufValue? v) && v.ElementType == GgufValueType.String ? v.GetArray<string>() : null;
        return value is not null;
    }

    private static GgufFile ReadCore(Stream stream, string? path)
    {
        var r = new GgufStreamReader(stream, path);

        uint magic = r.ReadUInt32("the magic");
        if (magic != Magic)
        {
            throw r.Error($"bad magic 0x{magic:X8} (the file does not start with 'GGUF')", 0);
        }

        uint version = r.ReadUInt32("the version");
        if (version != 2 && version != 3)
        {
            string hint = version == 1
                ? "GGUF version 1 is not supported (only versions 2 and 3 are); convert the model again with a current llama.cpp"
                : (version & 0xFFFF) == 0
                    ? $"unsupported GGUF version 0x{version:X8}; the file looks big-endian, which is not supported"
                    : $"unsupported GGUF version {version} (only versions 2 and 3 are supported)";
            throw r.Error(hint, 4);
        }

        long tensorCount = ReadCount(r, "the tensor count", MinTensorInfoBytes);
        long kvCount = ReadCount(r, "the metadata count", MinKeyValueBytes);

        var metadata = new OrderedDictionary<string, GgufValue>(StringComparer.Ordinal);
        for (long i = 0; i < kvCount; i++)
        {
            long start = r.Position;
            string key = r.ReadString($"the key of metadata entry {i}");
            if (key.Length == 0)
            {
                throw r.Error($"metadata entry {i} has an empty key", start);
            }

            if (metadata.ContainsKey(key))
            {
                throw r.Error($"duplicate metadata key '{key}'", start);
            }

            long typeOffset = r.Position;
            uint type = r.ReadUInt32($"the value type of '{key}'");
            if (!IsKnownValueType(type))
            {
                throw r.Error($"unknown value type {type} for key '{key}'", typeOffset);
            }

            metadata.Add(key, ReadValue(r, (GgufValueType)type, key, 0));
        }

        int alignment = DefaultAlignment;
        if (metadata.TryGetValue(AlignmentKey, out GgufValue? alignmentValue))
        {
            if (alignmentValue.Type != GgufValueType.UInt32)
            {
                throw r.Error($"'{AlignmentKey}' must be a UInt32 but is a {alignmentValue.Type}", null);
            }

            uint a = alignmentValue.Get<uint>();
            if (a == 0 || (a & (a - 1)) != 0 || a > (1u << 30))
            {
                throw r.Error($"'{AlignmentKey}' is {a}, which is not a power of two (at most 2^30)", null);
            }

            alignment = (int)a;
        }

        CheckVocabularyTokensUnique(r, metadata);

        var tensors = new List<GgufTensorInfo>((int)Math.Min(tensorCount, 4096));
        var byName = new Dictionary<string, GgufTensorInfo>(StringComparer.Ordinal);
        var infoOffsets = new Dictionary<string, long>(StringComparer.Ordinal);
        for (long i = 0; i < tensorCount; i++)
        {
            long start = r.Position;
            string name = r.ReadString($"the name of tensor {i}", out int nameBytes);
            if (name.Length == 0)
            {
                throw r.Error($"tensor {i} has an empty name", start);
            }

            if (nameBytes > MaxTensorNameBytes)
            {
                throw r.Error($"the name of tensor '{name}' is longer than {MaxTensorNameBytes} bytes, the limit of llama.cpp", start);
            }

            if (byName.ContainsKey(name))
            {
                throw r.Error($"duplicate tensor name '{name}'", start);
            }

            uint dimCount = r.ReadUInt32($"the dimension count of tensor '{name}'");
            if (dimCount > 4)
            {
                throw r.Error($"tensor '{name}' has {dimCount} dimensions, more than 4", start);
            }

            var dims = new long[dimCount];
            for (int d = 0; d < dimCount; d++)
            {
                ulong ne = r.ReadUInt64($"dimension {d} of tensor '{name}'");
                if (ne > long.MaxValue)
                {
                    throw r.Error($"dimension {d} of tensor '{name}' is {ne}, which overflows a 64-bit signed integer", start);
                }

                dims[d] = (long)ne;
            }

            uint rawType = r.ReadUInt32($"the type of tensor '{name}'");
            var ggmlType = (GgmlType)(int)Math.Min(rawType, int.MaxValue);
            string? sizeProblem = rawType > int.MaxValue
                ? $"unknown ggml type {rawType}"
                : GgmlTypeTraits.TryComputeSize(ggmlType, dims, out _, out _);
            if (sizeProblem is not null)
            {
                throw r.Error($"tensor '{name}': {sizeProblem}", start);
            }

            _ = GgmlTypeTraits.TryComputeSize(ggmlType, dims, out long elementCount, out long byteSize);
            ulong offset = r.ReadUInt64($"the data offset of tensor '{name}'");
            if (offset > long.MaxValue)
            {
                throw r.Error($"the data offset {offset} of tensor '{name}' lies outside the file", start);
            }

            var info = new GgufTensorInfo(name, Array.AsReadOnly(dims), ggmlType, (long)offset, elementCount, byteSize);
            tensors.Add(info);
            byName.Add(name, info);
            infoOffsets.Add(name, start);
        }

        // Like llama.cpp, a file without tensors has no padding after the header: its data section starts where the header ends.
        long dataOffset = tensorCount > 0 ? AlignUp(r.Position, alignment) : r.Position;
        if (tensorCount > 0 && dataOffset > r.Length)
        {
            throw r.Error($"the data section would start at byte {dataOffset}, past the end of the file ({r.Length} bytes)", r.Position);
        }

        // Like gguf_init_from_file in llama.cpp: tensor data lies in file order, each tensor at the end of the previous one
        // padded to the alignment, and reading the data needs every tensor's padded size, the last one's padding included.
        long dataLength = Math.Max(0, r.Length - dataOffset);
        long expectedOffset = 0;
        foreach (GgufTensorInfo t in tensors)
        {
            if (t.Offset % alignment != 0)
            {
                throw r.Error($"the data offset {t.Offset} of tensor '{t.Name}' is not a multiple of the alignment {alignment}", infoOffsets[t.Name]);
            }

            if (t.Offset != expectedOffset)
            {
                throw r.Error(
                    $"tensor '{t.Name}' has data offset {t.Offset}, expected {expectedOffset}: tensor data must follow in file order, " +
                    $"each tensor padded to the alignment {alignment}, without gaps or overlaps",
                    infoOffsets[t.Name]);
            }

            if (t.Offset > dataLength || t.ByteSize > dataLength - t.Offset)
            {
                throw r.Error(
                    $"the data of tensor '{t.Name}' ({t.ByteSize} bytes at data offset {t.Offset}) lies outside the file, whose data section has {dataLength} bytes",
                    infoOffsets[t.Name]);
            }

            long padded = AlignUp(t.ByteSize, alignment); // ByteSize <= dataLength here, so this cannot overflow
            expectedOffset = checked(expectedOffset + padded);
            if (expectedOffset > dataLength)
            {
                long shortfall = expectedOffset - dataLength;
                throw r.Error(
                    $"the data section has {dataLength} bytes but the tensors need {expectedOffset} (each padded to the alignment {alignment}): " +
                    $"{shortfall} byte{(shortfall == 1 ? string.Empty : "s")} short of the padded end of tensor '{t.Name}'",
                    infoOffsets[t.Name]);
            }
        }

        return new GgufFile(path, version, alignment, dataOffset, r.Length, metadata, tensors, byName);
    }

    /// <summary>
    /// Rejects a vocabulary that lists one token text twice: llama.cpp maps texts to ids and aborts the process when the map
    /// is smaller than the list (<c>GGML_ASSERT(id_to_token.size() == token_to_id.size())</c> in llama-vocab.cpp), which the
    /// fuzz test hit with a single flipped bit. Texts are compared as read (invalid UTF-8 as U+FFFD), so two different
    /// invalid byte sequences count as the same text here: refused, though llama.cpp would compare their bytes.
    /// </summary>
    private static void CheckVocabularyTokensUnique(GgufStreamReader r, OrderedDictionary<string, GgufValue> metadata)
    {
        const string TokensKey = "tokenizer.ggml.tokens";
        if (!metadata.TryGetValue(TokensKey, out GgufValue? tokens) || tokens.ElementType != GgufValueType.String)
        {
            return;
        }

        IReadOnlyList<string> texts = tokens.GetArray<string>();
        var seen = new Dictionary<string, int>(texts.Count, StringComparer.Ordinal);
        for (int id = 0; id < texts.Count; id++)
        {
            if (!seen.TryAdd(texts[id], id))
            {
                throw r.Error(
                    $"'{TokensKey}' lists the token text '{texts[id]}' twice (ids {seen[texts[id]]} and {id}); llama.cpp aborts on such a vocabulary",
                    null);
            }
        }
    }

    private static long ReadCount(GgufStreamReader r, string what, int minBytesEach)
    {
        long start = r.Position;
        ulong count = r.ReadUInt64(what);
        if (count > (ulong)(r.Remaining / minBytesEach))
        {
            throw r.Error($"{what} is {count}, more than the {r.Remaining} bytes left in the file can hold", start);
        }

        return (long)count;
    }

    private static bool IsKnownValueType(uint type) => type <= (uint)GgufValueType.Float64;

    private static int MinElementBytes(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
        GgufValueType.String => 8, // the length prefix
        GgufValueType.Array => 4 + 8, // element type and count
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static GgufValue ReadValue(GgufStreamReader r, GgufValueType type, string key, int depth)
    {
        string what = $"the value of '{key}'";
        object scalar;
        switch (type)
        {
            case GgufValueType.UInt8: scalar = r.ReadUInt8(what); break;
            case GgufValueType.Int8: scalar = (sbyte)r.ReadUInt8(what); break;
            case GgufValueType.UInt16: scalar = r.ReadUInt16(what); break;
            case GgufValueType.Int16: scalar = (short)r.ReadUInt16(what); break;
            case GgufValueType.UInt32: scalar = r.ReadUInt32(what); break;
            case GgufValueType.Int32: scalar = (int)r.ReadUInt32(what); break;
            case GgufValueType.UInt64: scalar = r.ReadUInt64(what); break;
            case GgufValueType.Int64: scalar = (long)r.ReadUInt64(what); break;
            case GgufValueType.Float32: scalar = r.ReadFloat32(what); break;
            case GgufValueType.Float64: scalar = r.ReadFloat64(what); break;
            case GgufValueType.Bool: scalar = r.ReadUInt8(what) != 0; break;
            case GgufValueType.String: scalar = r.ReadString(what); break;
            case GgufValueType.Array: return ReadArray(r, key, depth + 1);
            default: throw new InvalidOperationException("Unreachable: the type was checked.");
        }

        return GgufValue.FromReader(type, null, scalar, 0);
    }

    private static GgufValue ReadArray(GgufStreamReader r, string key, int depth)
    {
        long start = r.Position;
        if (depth > GgufValue.MaxArrayDepth)
        {
            throw r.Error($"the arrays of '{key}' nest deeper than {GgufValue.MaxArrayDepth} levels", start);
        }

        uint rawElementType = r.ReadUInt32($"the element type of '{key}'");
        if (!IsKnownValueType(rawElementType))
        {
            throw r.Error($"unknown array element type {rawElementType} for key '{key}'", start);
        }

        var elementType = (GgufValueType)rawElementType;
        ulong count = r.ReadUInt64($"the element count of '{key}'");
        int minBytes = MinElementBytes(elementType);
        if (count > (ulong)(r.Remaining / minBytes))
        {
            throw r.Error(
                $"the array '{key}' declares {count} elements of {elementType}, more than the {r.Remaining} bytes left in the file can hold",
                start);
        }

        if (count > (ulong)GgufStreamReader.MaxArrayElements)
        {
            throw r.Error($"the array '{key}' declares {count} elements, more than the limit of {GgufStreamReader.MaxArrayElements}", start);
        }

        int n = (int)count;
        string what = $"the elements of '{key}'";
        object items;
        int valueDepth = 1;
        switch (elementType)
        {
            case GgufValueType.UInt8: items = r.ReadArray<byte>(n, what); break;
            case GgufValueType.Int8: items = r.ReadArray<sbyte>(n, what); break;
            case GgufValueType.UInt16: items = r.ReadArray<ushort>(n, what); break;
            case GgufValueType.Int16: items = r.ReadArray<short>(n, what); break;
            case GgufValueType.UInt32: items = r.ReadArray<uint>(n, what); break;
            case GgufValueType.Int32: items = r.ReadArray<int>(n, what); break;
            case GgufValueType.UInt64: items = r.ReadArray<ulong>(n, what); break;
            case GgufValueType.Int64: items = r.ReadArray<long>(n, what); break;
            case GgufValueType.Float32: items = r.ReadArray<float>(n, what); break;
            case GgufValueType.Float64: items = r.ReadArray<double>(n, what); break;
            case GgufValueType.Bool:
                {
                    byte[] raw = r.ReadArray<byte>(n, what);
                    var bools = new bool[n];
                    for (int i = 0; i < n; i++)
                    {
                        bools[i] = raw[i] != 0;
                    }

                    items = bools;
                    break;
                }

            case GgufValueType.String:
                {
                    var strings = new string[n];
                    for (int i = 0; i < n; i++)
                    {
                        strings[i] = r.ReadString($"element {i} of '{key}'");
                    }

                    items = strings;
                    break;
                }

            case GgufValueType.Array:
                {
                    var arrays = new GgufValue[n];
                    for (int i = 0; i < n; i++)
                    {
                        arrays[i] = ReadArray(r, key, depth + 1);
                        valueDepth = Math.Max(valueDepth, arrays[i].Depth + 1);
                    }

                    items = arrays;
                    break;
                }

            default: throw new InvalidOperationException("Unreachable: the type was checked.");
        }

        return GgufValue.FromReader(GgufValueType.Array, elementType, items, valueDepth);
    }

    private static long AlignUp(long value, int alignment) => checked((value + alignment - 1) & ~((long)alignment - 1));
}
