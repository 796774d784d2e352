using Benny.Evaluation.Evaluators;
using Benny.Evaluation.Tests.Support;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Benny.Evaluation.Tests;

/// <summary>
/// The runner on the real stories260K model through the registry (<c>AddBenny</c> and the GGUF engine): the text metrics are
/// computed and the timings filled. The model writes children's stories, so the scores say nothing about quality.
/// </summary>
public class StoriesEvaluationTests
{
    private static readonly GoldenSet Set = GoldenCases.Set(
        """{"id": "lily", "messages": [{"role": "user", "content": "Once upon a time"}], "expected": ", there was a little girl named Lily.", "max_tokens": 12}""",
        """{"id": "json", "messages": [{"role": "user", "content": "The name is"}], "expected": "Ada", "schema": {"type": "object"}, "expected_fields": {"name": "Ada"}, "max_tokens": 12}""");

    private ServiceProvider _provider = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        var services = new ServiceCollection();
        services.AddBenny(o => o.Models["stories"] = new ModelDefinition { Engine = "gguf", Path = TestPaths.Stories260K, ContextSize = 256, Backend = "Cpu" })
            .AddGgufEngine();
        _provider = services.BuildServiceProvider();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _provider.DisposeAsync();

    [Test]
    public async Task RunAsync_Stories260K_ComputesTextMetricsAndFillsTimings()
    {
        var greedy = new EvaluationVariant("stories-greedy", _provider.GetRequiredKeyedService<IChatClient>("stories"), new ChatOptions { Temperature = 0 });
        EvaluationVariant preset = EvaluationVariant.ForModel(_provider, "stories", "extract-s");

        EvaluationReport report = await EvaluationRunner.RunAsync(Set, [greedy, preset], DefaultEvaluators.Create());

        foreach (VariantReport variant in report.Variants)
        {
            Assert.That(variant.ErrorCount, Is.Zero, () => string.Join("; ", variant.Cases.Select(c => c.Error)));
            Assert.That(variant.GetMetric(ExactMatchEvaluator.MetricName)!.Count, Is.EqualTo(2), variant.Name);
            Assert.That(variant.GetMetric(TokenF1Evaluator.MetricName)!.Count, Is.EqualTo(2), variant.Name);
            Assert.That(variant.GetMetric(JsonSchemaValidityEvaluator.MetricName)!.Count, Is.EqualTo(1), variant.Name);
            Assert.That(variant.GetMetric(FieldAccuracyEvaluator.MetricName)!.Count, Is.EqualTo(1), variant.Name);
            Assert.That(variant.GetMetric(RoutingAccuracyEvaluator.MetricName), Is.Null, "no case expects a tier");
            Assert.That(variant.TimeToFirstToken.MeanMs, Is.GreaterThan(0), variant.Name);
            Assert.That(variant.TimeToFirstToken.P95Ms, Is.GreaterThanOrEqualTo(variant.TimeToFirstToken.P50Ms!.Value), variant.Name);
            Assert.That(variant.TokensPerSecond, Is.GreaterThan(0), variant.Name);
            Assert.That(variant.Cases.All(c => c.OutputTokens is > 1 and <= 12), Is.True, variant.Name);
        }

        Assert.That(report.Variants[1].Name, Is.EqualTo("stories+extract-s"));
        Assert.That(report.Variants[1].Preset, Is.EqualTo("extract-s"));
        CaseResult lily = report.GetVariant("stories-greedy")!.Cases[0];
        Assert.That(lily.Answer, Does.StartWith(", there was a little girl"), "the model's documented greedy continuation");
        Assert.That(lily.Metrics[TokenF1Evaluator.MetricName].Value, Is.GreaterThan(0.5));
    }

    [Test]
    public void ForModel_UnknownPreset_ListsTheKnownOnes()
        => Assert.That(() => EvaluationVariant.ForModel(_provider, "stories", "nope"), Throws.ArgumentException.With.Message.Contains("'nope'").And.Message.Contains("extract-s"));

    [Test]
    public void ForRouter_NotRegistered_SaysWhatToCall()
        => Assert.That(() => EvaluationVariant.ForRouter(_provider), Throws.InvalidOperationException.With.Message.Contains("AddTierRouter"));
}
