using Benny.Evaluation.Evaluators;
using Microsoft.Extensions.AI.Evaluation;
using static Benny.Evaluation.Tests.Support.GoldenCases;

namespace Benny.Evaluation.Tests.Evaluators;

public class TokenF1EvaluatorTests
{
    [TestCase("the cat sat", "a cat sat", 1.0)]                // articles are dropped
    [TestCase("cat sat on mat", "cat sat", 2 * 0.5 * 1 / 1.5)]  // precision 2/4, recall 2/2
    [TestCase("dog", "cat", 0.0)]
    [TestCase("", "", 1.0)]
    [TestCase("", "cat", 0.0)]
    [TestCase("the", "cat", 0.0)]                              // only an article: no token left
    [TestCase("cat cat cat", "cat", 0.5)]                      // repeated tokens count once each: P 1/3, R 1
    [TestCase("Cat, sat!", "cat sat", 1.0)]
    public void Score_SquadTokenOverlap(string answer, string expected, double f1)
        => Assert.That(TokenF1Evaluator.Score(answer, expected), Is.EqualTo(f1).Within(1e-9));

    [Test]
    public async Task EvaluateAsync_PartialOverlap_IsANumericMetricRatedAndNotFailedAboveHalf()
    {
        EvaluationResult result = await new TokenF1Evaluator().EvaluateAsync([], Answer("Ada Lovelace wrote it"), null, [new GoldenCaseContext(Case(expected: "Ada Lovelace"))]);

        NumericMetric metric = result.Get<NumericMetric>(TokenF1Evaluator.MetricName);
        Assert.That(metric.Value, Is.EqualTo(2 * 0.5 / 1.5).Within(1e-9));
        Assert.That(metric.Interpretation!.Failed, Is.False);
        Assert.That(metric.Interpretation.Rating, Is.EqualTo(EvaluationRating.Average));
    }

    [Test]
    public async Task EvaluateAsync_NoExpectedText_ReturnsNoMetric()
    {
        EvaluationResult result = await new TokenF1Evaluator().EvaluateAsync([], Answer("x"), null, [new GoldenCaseContext(Case())]);

        Assert.That(result.Metrics, Is.Empty);
    }
}
