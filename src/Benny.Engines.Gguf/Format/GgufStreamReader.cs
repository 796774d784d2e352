using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Benny.Engines.Gguf.Format;

/// <summary>
/// Bounded little-endian reader over a seekable stream: every read is checked against the bytes left in the file
/// before anything is allocated, and every failure becomes a <see cref="GgufFormatException"/> with the offset.
/// </summary>
internal sealed class GgufStreamReader
{
    /// <summary>The longest string accepted (64 MiB); real metadata strings (chat templates) are kilobytes.</summary>
    internal const long MaxStringLength = 64L * 1024 * 1024;

    /// <summary>The most elements accepted in one array (llama.cpp's own limit).</summary>
    internal const long MaxArrayElements = 1L << 30;

    /// <summary>Lossy UTF-8: llama.cpp takes string bytes as they are, so invalid sequences become U+FFFD instead of an error.</summary>
    private static readonly UTF8Encoding LossyUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _bufferPosition;
    private int _bufferLength;

    public GgufStreamReader(Stream stream, string? path)
    {
        _stream = stream;
        Path = path;
        Length = stream.Length;
        stream.Position = 0;
    }

    public string? Path { get; }

    public long Length { get; }

    /// <summary>Gets the absolute offset of the next byte to read.</summary>
    public long Position { get; private set; }

    public long Remaining => Length - Position;

    public GgufFormatException Error(string problem, long? offset) => new(problem, Path, offset);

    public byte ReadUInt8(string what) => Take(1, what)[0];

    public ushort ReadUInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    public float ReadFloat32(string what) => BinaryPrimitives.ReadSingleLittleEndian(Take(4, what));

    public double ReadFloat64(string what) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, what));

    /// <summary>Reads a length-prefixed string, checking the length against the bytes left before allocating.</summary>
    /// <remarks>Bytes that are not valid UTF-8 are decoded as U+FFFD, as llama.cpp accepts any bytes.</remarks>
    public string ReadString(string what) => ReadString(what, out _);

    /// <summary>Reads a length-prefixed string and reports its length in bytes as stored in the file.</summary>
    /// <remarks>Bytes that are not valid UTF-8 are decoded as U+FFFD, as llama.cpp accepts any bytes.</remarks>
    public string ReadString(string what, out int byteLength)
    {
        long start = Position;
        ulong length = ReadUInt64(what + " length");
        if (length > (ulong)Remaining)
        {
            throw Error($"{what} declares {length} bytes but only {Remaining} bytes are left in the file", start);
        }

        if (length > MaxStringLength)
        {
            throw Error($"{what} declares {length} bytes, more than the limit of {MaxStringLength}", start);
        }

        int n = (int)length;
        byteLength = n;
        if (n <= _buffer.Length)
        {
            return LossyUtf8.GetString(Take(n, what));
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(n);
        try
        {
            ReadExact(rented.AsSpan(0, n), what);
            return LossyUtf8.GetString(rented, 0, n);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Fills <paramref name="destination"/> from the file, or throws a truncation error.</summary>
    public void ReadExact(Span<byte> destination, string what)
    {
        if (destination.Length > Remaining)
        {
            throw Truncated(what, destination.Length);
        }

        while (destination.Length > 0)
        {
            if (_bufferPosition == _bufferLength)
            {
                Fill(what, destination.Length);
            }

            int n = Math.Min(destination.Length, _bufferLength - _bufferPosition);
            _buffer.AsSpan(_bufferPosition, n).CopyTo(destination);
            _bufferPosition += n;
            Position += n;
            destination = destination[n..];
        }
    }

    /// <summary>Reads <paramref name="count"/> little-endian elements into a new array (the caller has checked the count).</summary>
    public T[] ReadArray<T>(int count, string what)
        where T : unmanaged
    {
        var result = new T[count];
        Span<byte> bytes = MemoryMarshal.AsBytes(result.AsSpan());
        ReadExact(bytes, what);
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEndianness(result);
        }

        return result;
    }

    private static void ReverseEndianness<T>(T[] values)
        where T : unmanaged
    {
        switch (values)
        {
            case ushort[] a: BinaryPrimitives.ReverseEndianness(a, a); break;
            case short[] a: BinaryPrimitives.ReverseEndianness(a, a); break;
            case uint[] a: BinaryPrimitives.ReverseEndianness(a, a); break;
            case int[] a: BinaryPrimitives.ReverseEndianness(a, a); break;
            case ulong[] a: BinaryPrimitives.ReverseEndianness(a, a); break;
            case long[] a: BinaryPrimitives.ReverseEndianness(a, a); break;
            case float[] a: Span<uint> f = MemoryMarshal.Cast<float, uint>(a.AsSpan()); BinaryPrimitives.ReverseEndianness(f, f); break;
            case double[] a: Span<ulong> d = MemoryMarshal.Cast<double, ulong>(a.AsSpan()); BinaryPrimitives.ReverseEndianness(d, d); break;
            default: break;
        }
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > Remaining)
        {
            throw Truncated(what, count);
        }

        if (_bufferLength - _bufferPosition < count)
        {
            // Compact, then fill until the requested bytes are contiguous in the buffer.
            int left = _bufferLength - _bufferPosition;
            Buffer.BlockCopy(_buffer, _bufferPosition, _buffer, 0, left);
            _bufferPosition = 0;
            _bufferLength = left;
            while (_bufferLength < count)
            {
                int read = _stream.Read(_buffer, _bufferLength, _buffer.Length - _bufferLength);
                if (read <= 0)
                {
                    throw Truncated(what, count);
                }

                _bufferLength += read;
            }
        }

        ReadOnlySpan<byte> span = _buffer.AsSpan(_bufferPosition, count);
        _bufferPosition += count;
        Position += count;
        return span;
    }

    private void Fill(string what, int wanted)
    {
        _bufferPosition = 0;
        _bufferLength = _stream.Read(_buffer, 0, _buffer.Length);
        if (_bufferLength <= 0)
        {
            _bufferLength = 0;
            throw Truncated(what, wanted);
        }
    }

    private GgufFormatException Truncated(string what, long wanted)
        => Error($"the file ends while reading {what} ({wanted} bytes needed, {Math.Max(0, Remaining)} left)", Position);
}
