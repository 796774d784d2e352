using System.Text;

namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// Turns token pieces (UTF-8 bytes that may split a character between tokens) into text, never emitting
/// half a character: incomplete trailing bytes wait for the next piece. One instance per response.
/// </summary>
internal sealed class Utf8PieceDecoder
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private char[] _chars = new char[64];

    /// <summary>Decodes <paramref name="bytes"/>, keeping an incomplete trailing character for later.</summary>
    public string Decode(ReadOnlySpan<byte> bytes) => DecodeCore(bytes, flush: false);

    /// <summary>Returns what is left at the end (an incomplete character becomes U+FFFD).</summary>
    public string Flush() => DecodeCore([], flush: true);

    private string DecodeCore(ReadOnlySpan<byte> bytes, bool flush)
    {
        int needed = _decoder.GetCharCount(bytes, flush);
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        int count = _decoder.GetChars(bytes, _chars, flush);
        return new string(_chars, 0, count);
    }
}
