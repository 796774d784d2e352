using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Evaluators;

/// <summary>
/// Whether the response calls the tool named in the case's <c>expected_tool_call</c> (ordinal name comparison; any of the
/// response's calls). The arguments are scored by <see cref="FieldAccuracyEvaluator"/>. Metric <see cref="MetricName"/>, a
/// <see cref="BooleanMetric"/>; nothing for a case without <c>expected_tool_call</c>.
/// </summary>
public sealed class ToolCallEvaluator : IEvaluator
{
    /// <summary>The metric's name.</summary>
    public const string MetricName = "tool_call";

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
        if (GoldenCaseContext.Find(additionalContext)?.ExpectedToolCall is not { } expected)
        {
            return new(new EvaluationResult());
        }

        IReadOnlyList<FunctionCallContent> calls = ToolCalls.Of(modelResponse);
        bool called = calls.Any(c => string.Equals(c.Name, expected.Name, StringComparison.Ordinal));
        string reason = calls.Count == 0
            ? "The response calls no tool."
            : $"The response calls {string.Join(", ", calls.Select(c => c.Name))}.";
        var metric = new BooleanMetric(MetricName, called, reason)
        {
            Interpretation = MetricInterpretations.ForBoolean(called, $"Calls {expected.Name}.", $"Does not call {expected.Name}."),
        };
        return new(new EvaluationResult(metric));
    }
}
