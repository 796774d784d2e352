using static Benny.Evaluation.Tests.Support.Reports;

namespace Benny.Evaluation.Tests;

public class EvaluationComparisonTests
{
    [Test]
    public void Create_SameVariantNames_ListsEachMetricsDelta()
    {
        EvaluationComparison comparison = EvaluationComparison.Create(
            Report(Variant("router", ("routing_accuracy", 0.9), ("token_f1", 0.5))),
            Report(Variant("router", ("routing_accuracy", 0.8), ("exact_match", 1.0))));

        Assert.That(comparison.Deltas, Is.EqualTo(new[]
        {
            new MetricDelta("router", "exact_match", null, 1.0),
            new MetricDelta("router", "routing_accuracy", 0.9, 0.8),
            new MetricDelta("router", "token_f1", 0.5, null),
        }));
        Assert.That(comparison.Deltas[1].Delta, Is.EqualTo(-0.1).Within(1e-9));
        Assert.That(comparison.Deltas[0].Delta, Is.Null);
    }

    [Test]
    public void Create_OneVariantEachWithOtherNames_MatchesThem()
    {
        EvaluationComparison comparison = EvaluationComparison.Create(Report(Variant("int8", ("exact_match", 0.5))), Report(Variant("fp16", ("exact_match", 0.7))));

        Assert.That(comparison.Deltas.Single().Delta, Is.EqualTo(0.2).Within(1e-9));
    }

    [Test]
    public void Create_SeveralVariantsWithoutCommonNames_MatchesNothing()
    {
        EvaluationComparison comparison = EvaluationComparison.Create(
            Report(Variant("a", ("m", 1.0)), Variant("b", ("m", 1.0))),
            Report(Variant("c", ("m", 1.0)), Variant("d", ("m", 1.0))));

        Assert.That(comparison.Deltas, Is.Empty);
        Assert.That(comparison.ToMarkdown(), Does.Contain("No variant of the candidate matches"));
    }

    [Test]
    public void Check_DropLargerThanAllowed_FailsNamingTheMetricValuesAndLimit()
    {
        EvaluationComparison comparison = EvaluationComparison.Create(
            Report(Variant("router", ("routing_accuracy", 0.9))), Report(Variant("router", ("routing_accuracy", 0.8))));

        IReadOnlyList<GateViolation> violations = comparison.Check([MetricGate.Parse("routing_accuracy=0.05")]);

        Assert.That(violations.Single().Variant, Is.EqualTo("router"));
        Assert.That(violations.Single().Message, Does.Contain("routing_accuracy dropped by 0.1 (0.9 -> 0.8), more than 0.05"));
    }

    [TestCase(0.9, 0.86, 0.05)]
    [TestCase(0.9, 0.85, 0.05)] // exactly the allowed drop
    [TestCase(0.9, 0.95, 0.0)]  // an improvement
    public void Check_DropWithinTheLimit_Passes(double baseline, double candidate, double maxDrop)
    {
        EvaluationComparison comparison = EvaluationComparison.Create(
            Report(Variant("router", ("routing_accuracy", baseline))), Report(Variant("router", ("routing_accuracy", candidate))));

        Assert.That(comparison.Check([new MetricGate("routing_accuracy", maxDrop)]), Is.Empty);
    }

    [Test]
    public void Check_MetricInNeitherReport_Fails()
    {
        EvaluationComparison comparison = EvaluationComparison.Create(Report(Variant("r", ("exact_match", 1.0))), Report(Variant("r", ("exact_match", 1.0))));

        Assert.That(comparison.Check([new MetricGate("routing_acuracy", 0.05)]).Single().Message, Does.Contain("'routing_acuracy'").And.Contain("exact_match"));
    }

    [Test]
    public void Check_MetricLostByTheCandidate_Fails()
    {
        EvaluationComparison comparison = EvaluationComparison.Create(Report(Variant("r", ("routing_accuracy", 0.9))), Report(Variant("r", ("routing_accuracy", null))));

        Assert.That(comparison.Check([new MetricGate("routing_accuracy", 0.5)]).Single().Message, Does.Contain("has no routing_accuracy value"));
    }

    [Test]
    public void ToMarkdown_ShowsSignedDeltas()
    {
        string markdown = EvaluationComparison.Create(Report(Variant("r", ("exact_match", 0.5))), Report(Variant("r", ("exact_match", 0.75)))).ToMarkdown();

        Assert.That(markdown, Does.Contain("| r | exact_match | 0.5 | 0.75 | +0.25 |"));
    }

    [TestCase("routing_accuracy=0.05", "routing_accuracy", 0.05)]
    [TestCase(" exact_match = 0 ", "exact_match", 0.0)]
    public void MetricGateParse_ReadsMetricAndMaxDrop(string text, string metric, double maxDrop)
        => Assert.That(MetricGate.Parse(text), Is.EqualTo(new MetricGate(metric, maxDrop)));

    [TestCase("routing_accuracy")]
    [TestCase("=0.1")]
    [TestCase("routing_accuracy=-0.1")]
    [TestCase("routing_accuracy=lots")]
    public void MetricGateParse_Malformed_ThrowsWithAnExample(string text)
        => Assert.That(() => MetricGate.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains("routing_accuracy=0.05"));
}
