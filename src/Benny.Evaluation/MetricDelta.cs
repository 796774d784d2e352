namespace Benny.Evaluation;

/// <summary>One metric of one variant in a baseline report and in a candidate report.</summary>
/// <param name="Variant">The variant (the candidate's name).</param>
/// <param name="Metric">The metric name.</param>
/// <param name="Baseline">The baseline's mean, or <see langword="null"/> when the baseline lacks the metric.</param>
/// <param name="Candidate">The candidate's mean, or <see langword="null"/> when the candidate lacks the metric.</param>
public sealed record MetricDelta(string Variant, string Metric, double? Baseline, double? Candidate)
{
    /// <summary>Gets the change, candidate minus baseline (negative: the candidate is worse); <see langword="null"/> when either is missing.</summary>
    public double? Delta => Baseline is { } b && Candidate is { } c ? Math.Round(c - b, 4) : null;
}
