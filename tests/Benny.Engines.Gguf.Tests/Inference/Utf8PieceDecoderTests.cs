using System.Text;
using Benny.Engines.Gguf.Inference;

namespace Benny.Engines.Gguf.Tests.Inference;

public class Utf8PieceDecoderTests
{
    [Test]
    public void Decode_CharacterSplitAcrossPieces_IsEmittedWhole()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("a你🙂b");
        var decoder = new Utf8PieceDecoder();
        var pieces = new List<string>();

        foreach (byte b in bytes)
        {
            pieces.Add(decoder.Decode([b]));
        }

        pieces.Add(decoder.Flush());
        Assert.That(string.Concat(pieces), Is.EqualTo("a你🙂b"));
        Assert.That(pieces.Where(p => p.Length > 0), Is.EqualTo(new[] { "a", "你", "🙂", "b" }), "each piece is whole characters");
    }

    [Test]
    public void Flush_IncompleteSequenceAtTheEnd_BecomesTheReplacementCharacter()
    {
        var decoder = new Utf8PieceDecoder();

        Assert.That(decoder.Decode([0xE4, 0xBD]), Is.Empty);
        Assert.That(decoder.Flush(), Is.EqualTo("\uFFFD"));
    }
}
