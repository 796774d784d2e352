namespace Benny.Evaluation;

/// <summary>Reported after each case of a run.</summary>
/// <param name="Variant">The variant that answered.</param>
/// <param name="CaseId">The case.</param>
/// <param name="Completed">The cases done so far, over all variants.</param>
/// <param name="Total">The cases to do (cases × variants).</param>
/// <param name="Error">The case's error, or <see langword="null"/> when it was answered and scored.</param>
public sealed record EvaluationProgress(string Variant, string CaseId, int Completed, int Total, string? Error);
