namespace Benny.Evaluation;

/// <summary>What one variant answered to one case, and how the evaluators scored it.</summary>
public sealed class CaseResult
{
    /// <summary>Gets the case id.</summary>
    public required string CaseId { get; init; }

    /// <summary>Gets the answer text, or <see langword="null"/> when the request failed.</summary>
    public string? Answer { get; init; }

    /// <summary>Gets the tool calls of the answer, as <c>name(arguments JSON)</c>.</summary>
    /// <value>Empty by default.</value>
    public IReadOnlyList<string> ToolCalls { get; init; } = [];

    /// <summary>Gets the tier that served, when the variant is the tier router; else <see langword="null"/>.</summary>
    public string? Tier { get; init; }

    /// <summary>Gets the metrics by name.</summary>
    /// <value>Empty by default.</value>
    public IReadOnlyDictionary<string, CaseMetric> Metrics { get; init; } = new Dictionary<string, CaseMetric>();

    /// <summary>Gets the error that ended the request or an evaluator (type and message), or <see langword="null"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the time from the request to the first update with content, in milliseconds; <see langword="null"/> without one.</summary>
    public double? TimeToFirstTokenMs { get; init; }

    /// <summary>Gets the decode speed after the first token, in tokens per second; <see langword="null"/> with fewer than two tokens.</summary>
    public double? TokensPerSecond { get; init; }

    /// <summary>Gets the output tokens: the usage the client reported, else the number of text updates.</summary>
    public long? OutputTokens { get; init; }

    /// <summary>Gets the request's total time, in milliseconds.</summary>
    public double TotalMs { get; init; }
}
