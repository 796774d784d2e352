using Benny.Runtime.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Evaluators;

/// <summary>
/// Whether the tier router chose the case's <c>expected_tier</c> (case-insensitive). The chosen tier is read from the
/// <c>AdditionalProperties</c> of the response, else of its messages (where a streamed response keeps them):
/// <see cref="TierRouterChatClient.FallbackFromKey"/> when another tier served after a failure (the policy's choice), else
/// <see cref="TierRouterChatClient.TierKey"/>. Metric
/// <see cref="MetricName"/>, a <see cref="BooleanMetric"/>, inconclusive when the response names no tier (the variant is
/// not the router); nothing for a case without <c>expected_tier</c>.
/// </summary>
public sealed class RoutingAccuracyEvaluator : GoldenCaseEvaluator
{
    /// <summary>The metric's name.</summary>
    public const string MetricName = "routing_accuracy";

    /// <summary>Initializes a new instance.</summary>
    public RoutingAccuracyEvaluator()
        : base(MetricName)
    {
    }

    /// <inheritdoc />
    private protected override EvaluationMetric? Evaluate(GoldenCase golden, ChatResponse response)
    {
        if (golden.ExpectedTier is not { } expected)
        {
            return null;
        }

        if (RouteAnnotations.ChosenTier(response) is not { } chosen)
        {
            return MetricInterpretations.Inconclusive(
                new BooleanMetric(MetricName),
                $"The response names no tier ('{TierRouterChatClient.TierKey}'): routing accuracy needs the tier router as the variant's client.");
        }

        bool correct = string.Equals(chosen, expected, StringComparison.OrdinalIgnoreCase);
        var metric = new BooleanMetric(MetricName, correct, $"Routed to {chosen}; expected {expected}.")
        {
            Interpretation = MetricInterpretations.ForBoolean(correct, $"Routed to {expected}.", $"Not routed to {expected}."),
        };
        return metric;
    }
}
