using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Evaluators;

/// <summary>
/// Whether the answer equals the case's <c>expected</c> text once both are normalized: Unicode compatibility form (NFKC),
/// lower case, punctuation and symbols removed, white space collapsed. Metric <see cref="MetricName"/>, a
/// <see cref="BooleanMetric"/>; nothing for a case without <c>expected</c>.
/// </summary>
public sealed class NormalizedMatchEvaluator : GoldenCaseEvaluator
{
    /// <summary>The metric's name.</summary>
    public const string MetricName = "normalized_match";

    /// <summary>Initializes a new instance.</summary>
    public NormalizedMatchEvaluator()
        : base(MetricName)
    {
    }

    /// <inheritdoc />
    private protected override EvaluationMetric? Evaluate(GoldenCase golden, ChatResponse response)
    {
        if (golden.Expected is not { } expected)
        {
            return null;
        }

        bool equal = string.Equals(TextNormalizer.Normalize(response.Text), TextNormalizer.Normalize(expected), StringComparison.Ordinal);
        var metric = new BooleanMetric(MetricName, equal) { Interpretation = MetricInterpretations.ForBoolean(equal, "Matches once normalized.", "Does not match, even normalized.") };
        return metric;
    }
}
