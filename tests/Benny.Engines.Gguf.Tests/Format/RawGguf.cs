using System.Buffers.Binary;
using System.Text;

namespace Benny.Engines.Gguf.Tests.Format;

/// <summary>Builds GGUF bytes by hand, field by field, so that tests can write files no valid writer would produce.</summary>
internal sealed class RawGguf
{
    private readonly MemoryStream _bytes = new();

    public long Length => _bytes.Length;

    /// <summary>Starts a file: magic, version, tensor count, metadata count.</summary>
    public static RawGguf Header(ulong tensorCount, ulong kvCount, uint version = 3, string magic = "GGUF")
        => new RawGguf().Bytes(Encoding.ASCII.GetBytes(magic)).U32(version).U64(tensorCount).U64(kvCount);

    public RawGguf Bytes(ReadOnlySpan<byte> bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public RawGguf U8(byte value) => Bytes([value]);

    public RawGguf U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return Bytes(b);
    }

    public RawGguf U64(ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        return Bytes(b);
    }

    public RawGguf Str(string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        return U64((ulong)utf8.Length).Bytes(utf8);
    }

    /// <summary>A metadata entry holding a UInt32.</summary>
    public RawGguf KvU32(string key, uint value) => Str(key).U32(4).U32(value);

    /// <summary>A tensor description.</summary>
    public RawGguf Tensor(string name, ulong[] dims, uint type, ulong offset)
    {
        Str(name).U32((uint)dims.Length);
        foreach (ulong d in dims)
        {
            U64(d);
        }

        return U32(type).U64(offset);
    }

    /// <summary>Pads with zeros to a multiple of <paramref name="alignment"/>, then appends <paramref name="dataBytes"/> zeros.</summary>
    public RawGguf AlignedData(int alignment, int dataBytes)
    {
        while (_bytes.Length % alignment != 0)
        {
            _bytes.WriteByte(0);
        }

        return Bytes(new byte[dataBytes]);
    }

    public byte[] ToArray() => _bytes.ToArray();

    public MemoryStream ToStream() => new(ToArray(), writable: false);
}
