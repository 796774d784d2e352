namespace Benny.Evaluation;

/// <summary>A case on which the variants' values of one metric differ.</summary>
public sealed class CaseDifference
{
    /// <summary>Gets the case id.</summary>
    public required string CaseId { get; init; }

    /// <summary>Gets the metric name.</summary>
    public required string Metric { get; init; }

    /// <summary>Gets each variant's value (variant name → value; <see langword="null"/> for none or an error).</summary>
    public required IReadOnlyDictionary<string, double?> Values { get; init; }
}
