using System.Text.Json;
using System.Text.Json.Nodes;
using Benny.Cli.Tests.Support;
using Benny.Evaluation;

namespace Benny.Cli.Tests.Commands;

public class EvalCommandTests
{
    // Three short classification cases that the default rules send to the light tier; two have an expected answer.
    private const string SmallSet = """
        {"id": "s-1", "messages": [{"role": "system", "content": "Classify the sentiment as positive, negative or neutral. Answer with the label only."}, {"role": "user", "content": "I love this phone, the battery lasts for days."}], "expected": "positive", "expected_tier": "light", "max_tokens": 8}
        {"id": "s-2", "messages": [{"role": "system", "content": "Classify the sentiment as positive, negative or neutral. Answer with the label only."}, {"role": "user", "content": "Das Paket kam zerbrochen an."}], "expected": "negative", "expected_tier": "light", "max_tokens": 8}
        {"id": "s-3", "messages": [{"role": "system", "content": "Classify the sentiment. Answer in JSON."}, {"role": "user", "content": "The meeting moved to Thursday."}], "schema": {"type": "object", "properties": {"label": {"enum": ["positive", "negative", "neutral"]}}, "required": ["label"]}, "expected_fields": {"label": "neutral"}, "expected_tier": "light", "max_tokens": 32}
        """;

    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp()
    {
        _sandbox = new CliSandbox();
        _sandbox.WriteConfiguration(new JsonObject
        {
            // Two entries for one file, as an int8 and an fp16 conversion would be.
            ["Models"] = new JsonObject { ["stories"] = CliSandbox.StoriesEntry(), ["stories-copy"] = CliSandbox.StoriesEntry() },
            ["Router"] = new JsonObject { ["Tiers"] = new JsonObject { ["light"] = "stories", ["heavy"] = "stories-copy" } },
        });
        File.WriteAllText(Path.Combine(_sandbox.Directory, "small.jsonl"), SmallSet);
    }

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public async Task Eval_BuiltInSetOnTwoModels_PrintsTheComparisonTable()
    {
        CliResult result = await _sandbox.RunAsync("eval", "classify", "--model", "stories", "--model", "stories-copy");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("# Evaluation: classify.jsonl").And.Contain("| metric | stories | stories-copy |"));
        Assert.That(result.Output, Does.Contain("| exact_match |").And.Contain("| TTFT p50 ms |").And.Contain("## Differences"));
        int runs = 2 * GoldenSet.BuiltIn("classify").Cases.Count;
        Assert.That(result.Error, Does.Contain($"[{runs}/{runs}]"), "one progress line per case and variant");
    }

    [Test]
    public async Task Eval_JsonToAFile_WritesAReportThatReadsBack()
    {
        CliResult result = await _sandbox.RunAsync("eval", "small.jsonl", "--model", "stories", "--preset", "classify", "--format", "json", "--output", "report.json");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Is.Empty);
        EvaluationReport report = EvaluationReport.Load(Path.Combine(_sandbox.Directory, "report.json"));
        Assert.That(report.Variants.Select(v => v.Name), Is.EqualTo(new[] { "stories", "stories+classify" }));
        Assert.That(report.Variants[0].Cases, Has.Count.EqualTo(3));
        Assert.That(report.Variants[0].TimeToFirstToken.MeanMs, Is.GreaterThan(0));
    }

    [Test]
    public async Task Eval_Router_ScoresRoutingAccuracy()
    {
        CliResult result = await _sandbox.RunAsync("eval", "small.jsonl", "--router", "--format", "json");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        EvaluationReport report = EvaluationReport.FromJson(result.Output);
        MetricSummary accuracy = report.GetVariant("router")!.GetMetric("routing_accuracy")!;
        Assert.That(accuracy.Count, Is.EqualTo(3));
        Assert.That(accuracy.Mean, Is.EqualTo(1.0), "the set's short answers go to the light tier under the default rules");
    }

    [Test]
    public async Task Eval_Judge_AddsTheJudgeScoreToCasesWithAnExpectedAnswer()
    {
        CliResult result = await _sandbox.RunAsync("eval", "small.jsonl", "--model", "stories", "--judge", "stories-copy", "--format", "json");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        VariantReport variant = EvaluationReport.FromJson(result.Output).Variants.Single();
        // The story model rarely answers with a score: a reply without one leaves the case's judge_score without a value.
        Assert.That(variant.Cases.Count(c => c.Metrics.ContainsKey("judge_score")), Is.EqualTo(2), "the two cases with 'expected'");
        Assert.That(variant.ErrorCount, Is.Zero);
    }

    [Test]
    public async Task Eval_BaselineWithAGateThatFails_ExitsWithOneAndSaysWhy()
    {
        string baseline = WriteBaseline(exactMatch: 1.0);

        CliResult result = await _sandbox.RunAsync("eval", "classify", "--model", "stories", "--baseline", baseline, "--max-drop", "exact_match=0.1");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        Assert.That(result.Error, Does.Contain("GATE FAILED: gate exact_match=0.1: stories exact_match dropped by 1 (1 -> 0)"));
        Assert.That(result.Output, Does.Contain("# Comparison").And.Contain("| stories | exact_match | 1 | 0 | -1 |"));
    }

    [Test]
    public async Task Eval_BaselineWithAGateThatHolds_ExitsWithZero()
    {
        string baseline = WriteBaseline(exactMatch: 0.0);

        CliResult result = await _sandbox.RunAsync("eval", "classify", "--model", "stories", "--baseline", baseline, "--max-drop", "exact_match=0");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Error, Does.Contain("all gates hold"));
    }

    [Test]
    public async Task Eval_GoldenFileWithAMistake_NamesTheFileLineAndField()
    {
        File.WriteAllText(Path.Combine(_sandbox.Directory, "mine.jsonl"), """{"id": "a", "messages": [{"role": "user", "content": "q"}], "expected_fields": "Ada"}""");

        CliResult result = await _sandbox.RunAsync("eval", "mine.jsonl", "--model", "stories");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        Assert.That(result.ErrorLines.Single(), Is.EqualTo("benny: mine.jsonl line 1: 'expected_fields' must be a JSON object, not a string."));
    }

    [Test]
    public async Task Eval_UnknownSet_ListsTheBuiltInSets()
    {
        CliResult result = await _sandbox.RunAsync("eval", "nope", "--model", "stories");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        Assert.That(result.Error, Does.Contain("'nope' is neither a golden set file").And.Contain("classify"));
    }

    [TestCase("eval", "classify")]
    [TestCase("eval", "classify", "--model", "stories", "--max-drop", "exact_match=0.1")]
    [TestCase("eval", "classify", "--model", "stories", "--baseline", "b.json", "--max-drop", "exact_match")]
    [TestCase("eval", "classify", "--model", "stories", "--format", "yaml")]
    public async Task Eval_CommandLineMistake_IsAUsageError(params string[] args)
    {
        CliResult result = await _sandbox.RunAsync(args);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
    }

    [Test]
    public async Task Eval_UnknownPreset_ListsTheKnownOnes()
    {
        CliResult result = await _sandbox.RunAsync("eval", "classify", "--model", "stories", "--preset", "nope");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        Assert.That(result.Error, Does.Contain("'nope'").And.Contain("classify"));
    }

    /// <summary>A baseline report with one variant whose exact match rate is <paramref name="exactMatch"/>.</summary>
    private string WriteBaseline(double exactMatch)
    {
        var report = new EvaluationReport
        {
            SetName = "classify.jsonl",
            Variants = [new VariantReport { Name = "stories", Metrics = [new MetricSummary { Name = "exact_match", Mean = exactMatch, Count = 2 }] }],
        };
        string path = Path.Combine(_sandbox.Directory, "baseline.json");
        File.WriteAllText(path, report.ToJson());
        using JsonDocument check = JsonDocument.Parse(File.ReadAllText(path));
        return path;
    }
}
