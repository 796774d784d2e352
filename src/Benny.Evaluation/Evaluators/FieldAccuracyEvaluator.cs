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
public sealed class FieldAccuracyEvaluator : GoldenCaseEvaluator
{
    /// <summary>The metric's name.</summary>
    public const string MetricName = "field_accuracy";

    /// <summary>Initializes a new instance.</summary>
    public FieldAccuracyEvaluator()
        : base(MetricName)
    {
    }

    /// <inheritdoc />
    private protected override EvaluationMetric? Evaluate(GoldenCase golden, ChatResponse response)
    {
        if ((golden.ExpectedFields ?? golden.ExpectedToolCall?.Arguments) is not { } expected)
        {
            return null;
        }

        List<string> fields = [.. expected.EnumerateObject().Select(p => p.Name)];
        if (fields.Count == 0)
        {
            return MetricInterpretations.Inconclusive(new NumericMetric(MetricName), "The case expects no field (an empty object).");
        }

        if (!TryGetActual(golden, response, out JsonElement actual, out string? problem))
        {
            return Metric(0, problem!);
        }

        List<string> wrong = [.. fields.Where(f => !actual.TryGetProperty(f, out JsonElement value) || !JsonValueComparer.Matches(expected.GetProperty(f), value))];
        double accuracy = (double)(fields.Count - wrong.Count) / fields.Count;
        string reason = wrong.Count == 0
            ? $"All {fields.Count} fields match."
            : $"{fields.Count - wrong.Count} of {fields.Count} fields match; wrong or missing: {string.Join(", ", wrong)}.";
        return Metric(accuracy, reason);
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
