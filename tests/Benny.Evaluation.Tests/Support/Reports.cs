namespace Benny.Evaluation.Tests.Support;

/// <summary>Builds small reports for the report and comparison tests.</summary>
internal static class Reports
{
    public static VariantReport Variant(string name, params (string Metric, double? Mean)[] metrics) => new()
    {
        Name = name,
        Metrics = [.. metrics.Select(m => new MetricSummary { Name = m.Metric, Mean = m.Mean, Count = m.Mean is null ? 0 : 10 })],
    };

    public static EvaluationReport Report(params VariantReport[] variants) => new()
    {
        SetName = "route.jsonl",
        CreatedAt = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero),
        Variants = variants,
    };
}
