using System.Text.Json;
using Benny.Evaluation.Evaluators;
using Benny.Evaluation.Tests.Support;

namespace Benny.Evaluation.Tests;

public class EvaluationReportTests
{
    private static readonly GoldenSet Set = GoldenCases.Set(
        """{"id": "fr", "messages": [{"role": "user", "content": "France?"}], "expected": "Paris"}""",
        """{"id": "it", "messages": [{"role": "user", "content": "Italy?"}], "expected": "Rome"}""");

    private static Task<EvaluationReport> RunAsync() => EvaluationRunner.RunAsync(
        Set,
        [
            new EvaluationVariant("int8", new ScriptedChatClient((m, _) => new ScriptedAnswer(m[^1].Text == "France?" ? "Paris" : "Milan | maybe"))),
            new EvaluationVariant("fp16", new ScriptedChatClient((m, _) => new ScriptedAnswer(m[^1].Text == "France?" ? "Paris" : "Rome"))),
        ],
        [new ExactMatchEvaluator(), new TokenF1Evaluator()]);

    [Test]
    public async Task ToMarkdown_HasAComparisonTableAndTheDifferingCases()
    {
        EvaluationReport report = await RunAsync();

        string markdown = report.ToMarkdown();

        Assert.That(markdown, Does.Contain("# Evaluation: test.jsonl"));
        Assert.That(markdown, Does.Contain("2 cases, 2 variants, 20"));
        Assert.That(markdown, Does.Contain("| metric | int8 | fp16 |"));
        Assert.That(markdown, Does.Contain("| exact_match | 0.5 (n=2) | 1 (n=2) |"));
        Assert.That(markdown, Does.Contain("| errors | 0 | 0 |").And.Contain("| TTFT p95 ms |").And.Contain("| tok/s |"));
        Assert.That(markdown, Does.Contain("## Differences").And.Contain("### it").And.Not.Contain("### fr"));
        Assert.That(markdown, Does.Contain("| int8 | 0 | 0 | Milan \\| maybe |"), "pipes in answers are escaped");
    }

    [Test]
    public async Task ToJson_IsSnakeCaseAndRoundTrips()
    {
        EvaluationReport report = await RunAsync();

        string json = report.ToJson();
        EvaluationReport read = EvaluationReport.FromJson(json);

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement variant = document.RootElement.GetProperty("variants")[0];
        Assert.That(document.RootElement.GetProperty("set_name").GetString(), Is.EqualTo("test.jsonl"));
        Assert.That(variant.GetProperty("time_to_first_token").TryGetProperty("p95_ms", out _), Is.True);
        Assert.That(variant.GetProperty("cases")[0].GetProperty("case_id").GetString(), Is.EqualTo("fr"));
        Assert.That(variant.GetProperty("error_count").GetInt32(), Is.Zero);
        Assert.That(read.ToJson(), Is.EqualTo(json));
        Assert.That(read.GetVariant("int8")!.GetMetric(ExactMatchEvaluator.MetricName)!.Mean, Is.EqualTo(0.5));
        Assert.That(read.Differences, Has.Count.EqualTo(report.Differences.Count));
        Assert.That(read.CreatedAt, Is.EqualTo(report.CreatedAt));
    }

    [Test]
    public void FromJson_NotAReport_ThrowsFormatException()
        => Assert.That(() => EvaluationReport.FromJson("[1, 2]"), Throws.TypeOf<FormatException>());

    [Test]
    public void Load_MissingFile_NamesIt()
        => Assert.That(() => EvaluationReport.Load("/nonexistent/report.json"), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("/nonexistent/report.json"));

    [Test]
    public void ToMarkdown_OneVariant_HasNoDifferencesSection()
    {
        string markdown = Reports.Report(Reports.Variant("only", ("exact_match", 1.0))).ToMarkdown();

        Assert.That(markdown, Does.Contain("| exact_match | 1 (n=10) |").And.Not.Contain("## Differences"));
        Assert.That(markdown, Does.Contain("0 cases, 1 variant, 2026-11-30 12:00:00Z."));
    }

    [Test]
    public void Percentile_InterpolatesBetweenRanks()
    {
        double[] sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

        Assert.That(LatencySummary.Percentile(sorted, 0.5), Is.EqualTo(55).Within(1e-9));
        Assert.That(LatencySummary.Percentile(sorted, 0.95), Is.EqualTo(95.5).Within(1e-9));
        Assert.That(LatencySummary.Percentile([42], 0.95), Is.EqualTo(42));
    }
}
