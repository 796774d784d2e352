namespace Benny.Engines.Gguf.Format;

/// <summary>A buffered, write-only view of a stream that counts the bytes written; disposing it leaves the inner stream open.</summary>
internal sealed class CountingStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _buffered;

    public CountingStream(Stream inner) => _inner = inner;

    /// <summary>Gets the number of bytes written so far.</summary>
    public long Count { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
        FlushBuffer();
        _inner.Flush();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

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
