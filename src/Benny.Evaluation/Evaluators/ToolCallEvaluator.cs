using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Evaluators;

/// <summary>
/// Whether the response calls the tool named in the case's <c>expected_tool_call</c> (ordinal name comparison; any of the
/// response's calls). The arguments are scored by <see cref="FieldAccuracyEvaluator"/>. Metric <see cref="MetricName"/>, a
/// <see cref="BooleanMetric"/>; nothing for a case without <c>expected_tool_call</c>.
/// </summary>
public sealed class ToolCallEvaluator : GoldenCaseEvaluator
{
    /// <summary>The metric's name.</summary>
    public const string MetricName = "tool_call";

    /// <summary>Initializes a new instance.</summary>
    public ToolCallEvaluator()
        : base(MetricName)
    {
    }

    /// <inheritdoc />
    private protected override EvaluationMetric? Evaluate(GoldenCase golden, ChatResponse response)
    {
        if (golden.ExpectedToolCall is not { } expected)
        {
            return null;
        }

        IReadOnlyList<FunctionCallContent> calls = ToolCalls.Of(response);
        bool called = calls.Any(c => string.Equals(c.Name, expected.Name, StringComparison.Ordinal));
        string reason = calls.Count == 0
            ? "The response calls no tool."
            : $"The response calls {string.Join(", ", calls.Select(c => c.Name))}.";
        var metric = new BooleanMetric(MetricName, called, reason)
        {
            Interpretation = MetricInterpretations.ForBoolean(called, $"Calls {expected.Name}.", $"Does not call {expected.Name}."),
        };
        return metric;
    }
}
