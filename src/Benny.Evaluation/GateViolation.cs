namespace Benny.Evaluation;

/// <summary>A gate that a comparison failed, and why.</summary>
/// <param name="Gate">The gate.</param>
/// <param name="Variant">The variant, or <see langword="null"/> when the metric is in neither report.</param>
/// <param name="Message">What failed, in one line (the metric, both values, the drop and the limit).</param>
public sealed record GateViolation(MetricGate Gate, string? Variant, string Message);
