namespace Benny.Evaluation;

/// <summary>One metric over all of a variant's cases that have it.</summary>
public sealed class MetricSummary
{
    /// <summary>Gets the metric name (<c>exact_match</c>, <c>routing_accuracy</c>, ...).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the mean of the values: the rate of passes for a boolean metric; <see langword="null"/> when no case has a value.</summary>
    public double? Mean { get; init; }

    /// <summary>Gets the number of cases with a value.</summary>
    public int Count { get; init; }

    /// <summary>Gets the number of cases the interpretation marked as failed (including those without a value).</summary>
    public int FailedCount { get; init; }
}
