namespace Benny.Engines.Gguf.Format;

/// <summary>The write-only stream handed to a tensor data callback: it refuses to write past the tensor's byte size.</summary>
internal sealed class LimitedWriteStream : WriteOnlyStream
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

    public override void Flush()
    {
        // The writer flushes once at the end.
    }

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
