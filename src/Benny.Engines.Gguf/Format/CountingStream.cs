namespace Benny.Engines.Gguf.Format;

/// <summary>A buffered, write-only view of a stream that counts the bytes written; disposing it leaves the inner stream open.</summary>
internal sealed class CountingStream : WriteOnlyStream
{
    private readonly Stream _inner;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _buffered;

    public CountingStream(Stream inner) => _inner = inner;

    /// <summary>Gets the number of bytes written so far.</summary>
    public long Count { get; private set; }

    public override void Flush()
    {
        FlushBuffer();
        _inner.Flush();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Count += buffer.Length;
        if (buffer.Length >= _buffer.Length)
        {
            FlushBuffer();
            _inner.Write(buffer);
            return;
        }

        if (_buffered + buffer.Length > _buffer.Length)
        {
            FlushBuffer();
        }

        buffer.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += buffer.Length;
    }

    private void FlushBuffer()
    {
        if (_buffered > 0)
        {
            _inner.Write(_buffer, 0, _buffered);
            _buffered = 0;
        }
    }
}
