using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Evaluators;

/// <summary>
/// Whether the answer equals the case's <c>expected</c> text exactly (ordinal, case-sensitive), after removing white space
/// around it. Metric <see cref="MetricName"/>, a <see cref="BooleanMetric"/>; nothing for a case without <c>expected</c>.
/// </summary>
public sealed class ExactMatchEvaluator : IEvaluator
{
    /// <summary>The metric's name.</summary>
    public const string MetricName = "exact_match";

    /// <inheritdoc />
    public IReadOnlyCollection<string> EvaluationMetricNames { get; } = [MetricName];

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="modelResponse"/> is <see langword="null"/>.</exception>
    public ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelResponse);
        if (GoldenCaseContext.Find(additionalContext)?.Expected is not { } expected)
        {
            return new(new EvaluationResult());
        }

        bool equal = string.Equals(modelResponse.Text.Trim(), expected.Trim(), StringComparison.Ordinal);
        var metric = new BooleanMetric(MetricName, equal) { Interpretation = MetricInterpretations.ForBoolean(equal, "Matches exactly.", "Does not match exactly.") };
        return new(new EvaluationResult(metric));
    }
}
