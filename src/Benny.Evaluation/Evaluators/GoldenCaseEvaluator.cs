using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Evaluators;

/// <summary>
/// The shape every built-in evaluator but the judge shares: one metric, computed from the response and the
/// <see cref="GoldenCase"/> passed in a <see cref="GoldenCaseContext"/>, and no metric at all for a case without the
/// expectation it checks (or when no golden case is passed), rather than a fake pass.
/// </summary>
public abstract class GoldenCaseEvaluator : IEvaluator
{
    private protected GoldenCaseEvaluator(string metricName) => EvaluationMetricNames = [metricName];

    /// <inheritdoc />
    public IReadOnlyCollection<string> EvaluationMetricNames { get; }

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
        EvaluationMetric? metric = GoldenCaseContext.Find(additionalContext) is { } golden ? Evaluate(golden, modelResponse) : null;
        return new(metric is null ? new EvaluationResult() : new EvaluationResult(metric));
    }

    /// <summary>Scores <paramref name="response"/> against <paramref name="golden"/>.</summary>
    /// <returns>The metric, or <see langword="null"/> when the case lacks the expectation this evaluator checks.</returns>
    private protected abstract EvaluationMetric? Evaluate(GoldenCase golden, ChatResponse response);
}
