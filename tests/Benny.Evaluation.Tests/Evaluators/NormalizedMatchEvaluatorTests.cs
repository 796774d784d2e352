using Benny.Evaluation.Evaluators;
using Microsoft.Extensions.AI.Evaluation;
using static Benny.Evaluation.Tests.Support.GoldenCases;

namespace Benny.Evaluation.Tests.Evaluators;

public class NormalizedMatchEvaluatorTests
{
    private static async Task<bool?> MatchesAsync(string answer, string? expected)
    {
        EvaluationResult result = await new NormalizedMatchEvaluator().EvaluateAsync([], Answer(answer), null, [new GoldenCaseContext(Case(expected: expected))]);
        return result.Metrics.Count == 0 ? null : result.Get<BooleanMetric>(NormalizedMatchEvaluator.MetricName).Value;
    }

    [TestCase("Positive.", "positive")]
    [TestCase("  New   York!  ", "new york")]
    [TestCase("ＡＢＣ", "abc")]                     // full-width letters (NFKC)
    [TestCase("Ada\u00A0Lovelace", "ada lovelace")] // non-breaking space
    [TestCase("\"Paris\"", "Paris")]
    [TestCase("Straße", "straße")]
    public async Task EvaluateAsync_SameAfterNormalization_Passes(string answer, string expected)
        => Assert.That(await MatchesAsync(answer, expected), Is.True);

    [TestCase("positive", "negative")]
    [TestCase("new york city", "new york")]
    [TestCase("", "x")]
    public async Task EvaluateAsync_DifferentWords_Fails(string answer, string expected)
        => Assert.That(await MatchesAsync(answer, expected), Is.False);

    [Test]
    public async Task EvaluateAsync_NoExpectedText_ReturnsNoMetric()
        => Assert.That(await MatchesAsync("x", null), Is.Null);
}
