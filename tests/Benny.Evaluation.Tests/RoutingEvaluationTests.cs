using Benny.Evaluation.Evaluators;
using Benny.Evaluation.Tests.Support;
using Benny.Runtime.Routing;

namespace Benny.Evaluation.Tests;

/// <summary>Routing accuracy through the real <see cref="TierRouterChatClient"/> with fake tiers and the default rules.</summary>
public class RoutingEvaluationTests
{
    private static readonly GoldenSet Set = GoldenCases.Set(
        """{"id": "short", "messages": [{"role": "user", "content": "Label: great product"}], "expected_tier": "light", "max_tokens": 8}""",
        """{"id": "tools", "messages": [{"role": "user", "content": "Weather in Paris?"}], "expected_tier": "heavy", "max_tokens": 200, "tools": [{"name": "get_weather"}]}""",
        """{"id": "long-but-expected-light", "messages": [{"role": "user", "content": "Write a plan."}], "expected_tier": "light", "max_tokens": 400}""",
        """{"id": "no-expectation", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 8}""");

    private static TierRouterChatClient Router(RuleTierPolicy? policy = null) => new(
        new Dictionary<string, Microsoft.Extensions.AI.IChatClient>
        {
            ["light"] = ScriptedChatClient.Answering("light answer"),
            ["heavy"] = ScriptedChatClient.Answering("heavy answer"),
        },
        policy ?? new RuleTierPolicy(RuleTierPolicy.DefaultRules),
        new TierRouterOptions());

    [Test]
    public async Task RunAsync_Router_ScoresTheTierItChoseAgainstTheExpectedOne()
    {
        using TierRouterChatClient router = Router();

        EvaluationReport report = await EvaluationRunner.RunAsync(Set, [new EvaluationVariant("router", router)], DefaultEvaluators.Create());

        VariantReport variant = report.Variants[0];
        MetricSummary accuracy = variant.GetMetric(RoutingAccuracyEvaluator.MetricName)!;
        Assert.That(accuracy.Count, Is.EqualTo(3), "the case without expected_tier has no value");
        Assert.That(accuracy.Mean, Is.EqualTo(2.0 / 3).Within(1e-3));
        Assert.That(variant.Cases.Select(c => c.Tier), Is.EqualTo(new[] { "light", "heavy", "heavy", "light" }));
        Assert.That(variant.Cases[2].Metrics[RoutingAccuracyEvaluator.MetricName].Reason, Does.Contain("Routed to heavy; expected light"));
        Assert.That(variant.Cases[3].Metrics, Does.Not.ContainKey(RoutingAccuracyEvaluator.MetricName));
    }

    [Test]
    public async Task Comparison_RouterChangeThatRoutesWorse_FailsTheGate()
    {
        using TierRouterChatClient baselineRouter = Router();
        using TierRouterChatClient everythingHeavy = Router(new RuleTierPolicy([], defaultTier: "heavy"));
        EvaluationReport baseline = await EvaluationRunner.RunAsync(Set, [new EvaluationVariant("router", baselineRouter)], [new RoutingAccuracyEvaluator()]);
        EvaluationReport candidate = await EvaluationRunner.RunAsync(Set, [new EvaluationVariant("router", everythingHeavy)], [new RoutingAccuracyEvaluator()]);

        EvaluationComparison comparison = EvaluationComparison.Create(EvaluationReport.FromJson(baseline.ToJson()), candidate);

        Assert.That(candidate.Variants[0].GetMetric(RoutingAccuracyEvaluator.MetricName)!.Mean, Is.EqualTo(1.0 / 3).Within(1e-3));
        Assert.That(comparison.Check([new MetricGate(RoutingAccuracyEvaluator.MetricName, 0.05)]), Has.Count.EqualTo(1));
        Assert.That(comparison.Check([new MetricGate(RoutingAccuracyEvaluator.MetricName, 0.5)]), Is.Empty);
    }

    [Test]
    public async Task RunAsync_PlainModel_LeavesRoutingAccuracyWithoutValue()
    {
        EvaluationReport report = await EvaluationRunner.RunAsync(Set, [new EvaluationVariant("plain", ScriptedChatClient.Answering("x"))], [new RoutingAccuracyEvaluator()]);

        MetricSummary accuracy = report.Variants[0].GetMetric(RoutingAccuracyEvaluator.MetricName)!;
        Assert.That(accuracy.Mean, Is.Null);
        Assert.That(accuracy.Count, Is.Zero);
    }
}
