using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Evaluators;

/// <summary>
/// The fraction of expected fields the answer got right. The expected fields are the case's <c>expected_fields</c>, else
/// the <c>arguments</c> of its <c>expected_tool_call</c>. They are looked up in the arguments of the response's tool call
/// (the one named as expected, else the first) when the case expects a tool call, otherwise in the answer read as a JSON
/// object. Numbers compare numerically, strings after normalization (case, punctuation, white space, Unicode form), arrays
/// in order, nested objects field by field. Metric <see cref="MetricName"/>, a <see cref="NumericMetric"/> in [0, 1] (0
/// when the answer is not a JSON object or no tool was called); nothing for a case without expected fields.
/// </summary>
public sealed class FieldAccuracyEvaluator : IEvaluator
{
    /// <summary>The metric's name.</summary>
    public const string MetricName = "field_accuracy";

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
        GoldenCase? golden = GoldenCaseContext.Find(additionalContext);
        if ((golden?.ExpectedFields ?? golden?.ExpectedToolCall?.Arguments) is not { } expected)
        {
            return new(new EvaluationResult());
        }

        List<string> fields = [.. expected.EnumerateObject().Select(p => p.Name)];
        if (fields.Count == 0)
        {
            return new(new EvaluationResult(MetricInterpretations.Inconclusive(new NumericMetric(MetricName), "The case expects no field (an empty object).")));
        }

        if (!TryGetActual(golden!, modelResponse, out JsonElement actual, out string? problem))
        {
            return new(new EvaluationResult(Metric(0, problem!)));
        }

        List<string> wrong = [.. fields.Where(f => !actual.TryGetProperty(f, out JsonElement value) || !JsonValueComparer.Matches(expected.GetProperty(f), value))];
        double accuracy = (double)(fields.Count - wrong.Count) / fields.Count;
        string reason = wrong.Count == 0
            ? $"All {fields.Count} fields match."
            : $"{fields.Count - wrong.Count} of {fields.Count} fields match; wrong or missing: {string.Join(", ", wrong)}.";
        return new(new EvaluationResult(Metric(accuracy, reason)));
    }

    private static NumericMetric Metric(double accuracy, string reason)
        => new(MetricName, accuracy, reason) { Interpretation = MetricInterpretations.ForFraction(accuracy) };

    /// <summary>The object the expected fields are looked up in: the tool call's arguments or the JSON answer.</summary>
    private static bool TryGetActual(GoldenCase golden, ChatResponse response, out JsonElement actual, out string? problem)
    {
        if (golden.ExpectedToolCall is { } expectedCall)
        {
            if (ToolCalls.Find(response, expectedCall.Name) is not { } call)
            {
                actual = default;
                problem = "The response calls no tool, so it has no arguments to compare.";
                return false;
            }

            actual = JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);
            problem = null;
            return true;
        }

        if (!JsonAnswer.TryParse(response.Text, out actual, out problem))
        {
            return false;
        }

        if (actual.ValueKind != JsonValueKind.Object)
        {
            problem = $"The answer is JSON but not an object ({actual.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture)}).";
            return false;
        }

        return true;
    }
}
