using Benny.Engines.Gguf;
using Benny.Engines.Gguf.Format;
using Benny.Evaluation.Evaluators;
using Benny.Evaluation.Tests.Support;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Benny.Evaluation.Tests;

/// <summary>
/// The int8-against-fp16 comparison of docs/evaluation.md, end to end on synthetic models: one F16 model with the real qwen2
/// vocabulary, its Q8_0 conversion, both registered under their own names, run on the shipped extract set (JSON schemas, so
/// constrained decoding) and compared. The weights are random, so the scores mean nothing; the mechanics are tested.
/// </summary>
public class SyntheticFormatsEvaluationTests
{
    private string _folder = null!;
    private ServiceProvider _provider = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "benny-eval-formats-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        string fp16 = new SyntheticModelBuilder(new SyntheticModelOptions
        {
            EmbeddingLength = 32, BlockCount = 1, HeadCount = 2, KvHeadCount = 1, FeedForwardLength = 64, WeightType = GgmlType.F16,
            TieOutputToEmbedding = true, VocabularySourcePath = TestPaths.Shared("vocab", "ggml-vocab-qwen2.gguf"),
        }).Build(Path.Combine(_folder, "fp16.gguf"));
        string int8 = GgufQuantizer.Quantize(fp16, Path.Combine(_folder, "int8.gguf"), GgufQuantization.Q8_0, threads: 1);

        var services = new ServiceCollection();
        services.AddBenny(o =>
        {
            o.Models["extract-fp16"] = new ModelDefinition { Engine = "gguf", Path = fp16, ContextSize = 1024, Backend = "Cpu", Purpose = "extract" };
            o.Models["extract-int8"] = new ModelDefinition { Engine = "gguf", Path = int8, ContextSize = 1024, Backend = "Cpu", Purpose = "extract" };
        }).AddGgufEngine();
        _provider = services.BuildServiceProvider();
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        await _provider.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task RunAsync_Int8AgainstFp16_ReportsBothAndComparesThem()
    {
        GoldenSet shipped = GoldenSet.BuiltIn("extract");
        var set = new GoldenSet("extract.jsonl", shipped.Cases.Take(3)); // three cases keep the random-weight run short
        EvaluationVariant[] variants = [EvaluationVariant.ForModel(_provider, "extract-fp16"), EvaluationVariant.ForModel(_provider, "extract-int8")];

        EvaluationReport report = await EvaluationRunner.RunAsync(set, variants, DefaultEvaluators.Create(), new EvaluationRunOptions { DefaultMaxOutputTokens = 48 });

        Assert.That(report.Variants.Select(v => v.Name), Is.EqualTo(new[] { "extract-fp16", "extract-int8" }));
        foreach (VariantReport variant in report.Variants)
        {
            Assert.That(variant.ErrorCount, Is.Zero, () => string.Join("; ", variant.Cases.Select(c => c.Error)));
            Assert.That(variant.Cases.Select(c => c.CaseId), Is.EqualTo(set.Cases.Select(c => c.Id)), variant.Name);
            Assert.That(variant.GetMetric(JsonSchemaValidityEvaluator.MetricName)!.Count, Is.EqualTo(3), "every extract case has a schema");
            Assert.That(variant.GetMetric(FieldAccuracyEvaluator.MetricName)!.Count, Is.EqualTo(3), "every extract case has expected fields");
            Assert.That(variant.GetMetric(ExactMatchEvaluator.MetricName), Is.Null, "no extract case has an expected text");
            Assert.That(variant.Cases.Select(c => c.Answer), Has.All.StartWith("{"), "the schema is the response format: constrained decoding opens an object");
            Assert.That(variant.TokensPerSecond, Is.GreaterThan(0), variant.Name);
        }

        Assert.That(_provider.GetRequiredKeyedService<IChatClient>("extract-int8").GetService<GgufModelInfo>()!.Quantization, Is.EqualTo("Q8_0"), "the int8 variant runs the converted file");

        string markdown = report.ToMarkdown();
        Assert.That(markdown, Does.Contain("| metric | extract-fp16 | extract-int8 |").And.Contain("| json_valid |").And.Contain("| field_accuracy |"));

        // The int8 run as the candidate against the fp16 run as the baseline, as a CI gate would read them from two files.
        EvaluationReport baseline = EvaluationReport.FromJson(Only(report, "extract-fp16").ToJson());
        EvaluationReport candidate = EvaluationReport.FromJson(Only(report, "extract-int8").ToJson());
        EvaluationComparison comparison = EvaluationComparison.Create(baseline, candidate);
        MetricDelta validity = comparison.Deltas.Single(d => d.Metric == JsonSchemaValidityEvaluator.MetricName);
        Assert.That(validity.Baseline, Is.EqualTo(report.Variants[0].GetMetric(JsonSchemaValidityEvaluator.MetricName)!.Mean));
        Assert.That(validity.Candidate, Is.EqualTo(report.Variants[1].GetMetric(JsonSchemaValidityEvaluator.MetricName)!.Mean));
        Assert.That(comparison.Check([new MetricGate(JsonSchemaValidityEvaluator.MetricName, 1.0)]), Is.Empty, "a drop of at most 1 always holds");
    }

    private static EvaluationReport Only(EvaluationReport report, string variant) => new()
    {
        SetName = report.SetName,
        CreatedAt = report.CreatedAt,
        Variants = [report.GetVariant(variant)!],
    };
}
