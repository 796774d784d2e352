using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Evaluators;

/// <summary>
/// Whether the answer equals the case's <c>expected</c> text exactly (ordinal, case-sensitive), after removing white space
/// around it. Metric <see cref="MetricName"/>, a <see cref="BooleanMetric"/>; nothing for a case without <c>expected</c>.
/// </summary>
public sealed class ExactMatchEvaluator : GoldenCaseEvaluator
{
    /// <summary>The metric's name.</summary>
    public const string MetricName = "exact_match";

    /// <summary>Initializes a new instance.</summary>
    public ExactMatchEvaluator()
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

        bool equal = string.Equals(response.Text.Trim(), expected.Trim(), StringComparison.Ordinal);
        var metric = new BooleanMetric(MetricName, equal) { Interpretation = MetricInterpretations.ForBoolean(equal, "Matches exactly.", "Does not match exactly.") };
        return metric;
    }
}
