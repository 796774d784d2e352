namespace Benny.Evaluation;

/// <summary>One metric of one case's answer, as an evaluator reported it.</summary>
public sealed class CaseMetric
{
    /// <summary>Gets the value: a number, 1 or 0 for a boolean metric, <see langword="null"/> when it could not be computed.</summary>
    public double? Value { get; init; }

    /// <summary>Gets whether the evaluator's interpretation marks the answer as failed, or <see langword="null"/> without an interpretation.</summary>
    public bool? Failed { get; init; }

    /// <summary>Gets the interpretation's rating (<c>Exceptional</c> ... <c>Unacceptable</c>, <c>Inconclusive</c>), or <see langword="null"/>.</summary>
    public string? Rating { get; init; }

    /// <summary>Gets why the evaluator gave this value (the metric's reason, else the interpretation's), or <see langword="null"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the evaluator's diagnostics ("Error: ...", "Warning: ...").</summary>
    /// <value>Empty by default.</value>
    public IReadOnlyList<string> Diagnostics { get; init; } = [];
}
