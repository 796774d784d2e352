using Benny.Engines.Gguf.Inference;
using Benny.Engines.Gguf.Native;

namespace Benny.Engines.Gguf.Tests.Inference;

public class RankedCandidatesTests
{
    [TestCase(1, 1)]
    [TestCase(10, 3)]
    [TestCase(1000, 256)]
    [TestCase(151_936, 256)]
    [TestCase(100, 256)]
    public unsafe void SelectTop_EqualsTheHeadOfAFullSort_WithTiesByAscendingId(int vocabularySize, int window)
    {
        var random = new Random(vocabularySize + window);

        // Few distinct values, so ties are everywhere, including across the window's edge.
        float[] logits = Enumerable.Range(0, vocabularySize).Select(_ => (float)random.Next(0, 50) / 4f).ToArray();
        var destination = new LlamaTokenData[window];

        int count;
        fixed (float* row = logits)
        {
            count = RankedCandidates.SelectTop(row, vocabularySize, destination);
        }

        int[] expected = Enumerable.Range(0, vocabularySize).OrderByDescending(i => logits[i]).ThenBy(i => i).Take(window).ToArray();
        Assert.That(count, Is.EqualTo(Math.Min(window, vocabularySize)));
        Assert.That(destination.Take(count).Select(c => c.Id), Is.EqualTo(expected));
        Assert.That(destination.Take(count).Select(c => c.Logit), Is.EqualTo(expected.Select(i => logits[i])));
    }
}
