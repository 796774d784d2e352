namespace Benny.Engines.Gguf.Format;

/// <summary>The write-only stream handed to a tensor data callback: it refuses to write past the tensor's byte size.</summary>
internal sealed class LimitedWriteStream : Stream
{
    private readonly Stream _inner;
    private readonly long _limit;
    private readonly string _tensorName;
    private long _written;

    public LimitedWriteStream(Stream inner, long limit, string tensorName)
    {
        _inner = inner;
        _limit = limit;
        _tensorName = tensorName;
    }

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
        // The writer flushes once at the end.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length > _limit - _written)
        {
            throw new InvalidOperationException($"The data callback of tensor '{_tensorName}' wrote more than the tensor's {_limit} bytes.");
        }

        _written += buffer.Length;
        _inner.Write(buffer);
    }
}
