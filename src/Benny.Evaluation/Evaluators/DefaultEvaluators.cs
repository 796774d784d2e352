using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Evaluators;

/// <summary>The evaluators <c>benny eval</c> runs.</summary>
public static class DefaultEvaluators
{
    /// <summary>
    /// Creates the evaluators that need no model: exact and normalized match, token F1, JSON schema validity, field
    /// accuracy, routing accuracy and tool call. Add a <see cref="ModelJudgeEvaluator"/> for a judge's score.
    /// </summary>
    /// <returns>New evaluator instances.</returns>
    public static IReadOnlyList<IEvaluator> Create() =>
    [
        new ExactMatchEvaluator(),
        new NormalizedMatchEvaluator(),
        new TokenF1Evaluator(),
        new JsonSchemaValidityEvaluator(),
        new FieldAccuracyEvaluator(),
        new RoutingAccuracyEvaluator(),
        new ToolCallEvaluator(),
    ];
}
