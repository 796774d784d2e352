using Benny.Evaluation.Evaluators;
using Microsoft.Extensions.AI.Evaluation;
using static Benny.Evaluation.Tests.Support.GoldenCases;

namespace Benny.Evaluation.Tests.Evaluators;

public class ExactMatchEvaluatorTests
{
    private static async Task<EvaluationResult> EvaluateAsync(string answer, string? expected)
        => await new ExactMatchEvaluator().EvaluateAsync([], Answer(answer), null, [new GoldenCaseContext(Case(expected: expected))]);

    [Test]
    public async Task EvaluateAsync_SameTextWithSurroundingSpace_Passes()
    {
        EvaluationResult result = await EvaluateAsync("  positive\n", "positive");

        BooleanMetric metric = result.Get<BooleanMetric>(ExactMatchEvaluator.MetricName);
        Assert.That(metric.Value, Is.True);
        Assert.That(metric.Interpretation!.Failed, Is.False);
        Assert.That(metric.Interpretation.Rating, Is.EqualTo(EvaluationRating.Exceptional));
    }

    [Test]
    public async Task EvaluateAsync_DifferentCase_Fails()
    {
        EvaluationResult result = await EvaluateAsync("Positive", "positive");

        BooleanMetric metric = result.Get<BooleanMetric>(ExactMatchEvaluator.MetricName);
        Assert.That(metric.Value, Is.False);
        Assert.That(metric.Interpretation!.Failed, Is.True);
    }

    [Test]
    public async Task EvaluateAsync_NoExpectedText_ReturnsNoMetric()
    {
        EvaluationResult result = await EvaluateAsync("positive", null);

        Assert.That(result.Metrics, Is.Empty);
    }

    [Test]
    public async Task EvaluateAsync_NoGoldenCaseContext_ReturnsNoMetric()
    {
        EvaluationResult result = await new ExactMatchEvaluator().EvaluateAsync([], Answer("x"));

        Assert.That(result.Metrics, Is.Empty);
    }
}
