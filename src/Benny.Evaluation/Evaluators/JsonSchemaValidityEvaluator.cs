using System.Text.Json;
using Json.Schema;
using EvaluationOptions = Json.Schema.EvaluationOptions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Evaluators;

/// <summary>
/// Whether the answer is JSON valid against the case's <c>schema</c> (the whole answer, trimmed, optionally inside one
/// Markdown code fence). Metric <see cref="MetricName"/>, a <see cref="BooleanMetric"/> whose reason names the first
/// violations; nothing for a case without <c>schema</c>.
/// </summary>
public sealed class JsonSchemaValidityEvaluator : GoldenCaseEvaluator
{
    /// <summary>The metric's name.</summary>
    public const string MetricName = "json_valid";

    /// <summary>Initializes a new instance.</summary>
    public JsonSchemaValidityEvaluator()
        : base(MetricName)
    {
    }

    /// <inheritdoc />
    private protected override EvaluationMetric? Evaluate(GoldenCase golden, ChatResponse response)
    {
        if (golden.Schema is not { } schemaJson)
        {
            return null;
        }

        JsonSchema schema;
        try
        {
            schema = JsonSchema.FromText(schemaJson.GetRawText());
        }
        catch (Exception e) when (IsSchemaProblem(e))
        {
            // The case's schema is wrong, not the answer: no verdict, and the reason says what to fix.
            return MetricInterpretations.Inconclusive(
                new BooleanMetric(MetricName), $"The case's 'schema' is not a usable JSON schema: {e.Message}");
        }

        BooleanMetric metric;
        if (!JsonAnswer.TryParse(response.Text, out JsonElement answer, out string? error))
        {
            metric = new BooleanMetric(MetricName, false, error);
        }
        else
        {
            EvaluationResults results;
            try
            {
                results = schema.Evaluate(answer, new EvaluationOptions { OutputFormat = OutputFormat.List });
            }
            catch (Exception e) when (IsSchemaProblem(e))
            {
                // A reference the schema cannot resolve shows only when evaluating: still the case's mistake.
                return MetricInterpretations.Inconclusive(
                    new BooleanMetric(MetricName), $"The case's 'schema' cannot be evaluated: {e.Message}");
            }

            metric = new BooleanMetric(MetricName, results.IsValid, results.IsValid ? "Valid against the schema." : "Invalid: " + Violations(results));
        }

        metric.Interpretation = MetricInterpretations.ForBoolean(metric.Value == true, "Valid against the schema.", "Not valid against the schema.");
        return metric;
    }

    private static bool IsSchemaProblem(Exception e)
        => e is JsonSchemaException or RefResolutionException or JsonException or InvalidOperationException or ArgumentException or NotSupportedException;

    /// <summary>The first few violations as "location: message".</summary>
    private static string Violations(EvaluationResults results)
    {
        IEnumerable<string> found = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
            .Distinct(StringComparer.Ordinal)
            .Take(3);
        string text = string.Join("; ", found);
        return text.Length > 0 ? text : "the answer does not satisfy the schema.";
    }
}
