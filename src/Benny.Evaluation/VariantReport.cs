namespace Benny.Evaluation;

/// <summary>One variant's results: quality metrics, speed, errors and every case.</summary>
public sealed class VariantReport
{
    /// <summary>Gets the variant's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the preset the variant's options came from, or <see langword="null"/>.</summary>
    public string? Preset { get; init; }

    /// <summary>Gets the quality metrics, by name (ordinal order).</summary>
    /// <value>Empty by default.</value>
    public IReadOnlyList<MetricSummary> Metrics { get; init; } = [];

    /// <summary>Gets the time to first token over the cases answered.</summary>
    public LatencySummary TimeToFirstToken { get; init; } = new();

    /// <summary>Gets the mean decode speed over the cases that measured one, in tokens per second; <see langword="null"/> without any.</summary>
    public double? TokensPerSecond { get; init; }

    /// <summary>Gets the number of cases that ended with an error.</summary>
    public int ErrorCount { get; init; }

    /// <summary>Gets every case's result, in the set's order.</summary>
    /// <value>Empty by default.</value>
    public IReadOnlyList<CaseResult> Cases { get; init; } = [];

    /// <summary>Gets the summary of the metric named <paramref name="metric"/>, or <see langword="null"/>.</summary>
    /// <param name="metric">The metric name.</param>
    /// <returns>The summary.</returns>
    public MetricSummary? GetMetric(string metric) => Metrics.FirstOrDefault(m => string.Equals(m.Name, metric, StringComparison.Ordinal));
}
