using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Evaluators;

/// <summary>
/// Whether the answer equals the case's <c>expected</c> text once both are normalized: Unicode compatibility form (NFKC),
/// lower case, punctuation and symbols removed, white space collapsed. Metric <see cref="MetricName"/>, a
/// <see cref="BooleanMetric"/>; nothing for a case without <c>expected</c>.
/// </summary>
public sealed class NormalizedMatchEvaluator : IEvaluator
{
    /// <summary>The metric's name.</summary>
    public const string MetricName = "normalized_match";

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

        bool equal = string.Equals(TextNormalizer.Normalize(modelResponse.Text), TextNormalizer.Normalize(expected), StringComparison.Ordinal);
        var metric = new BooleanMetric(MetricName, equal) { Interpretation = MetricInterpretations.ForBoolean(equal, "Matches once normalized.", "Does not match, even normalized.") };
        return new(new EvaluationResult(metric));
    }
}
