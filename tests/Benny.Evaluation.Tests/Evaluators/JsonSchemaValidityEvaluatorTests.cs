using Benny.Evaluation.Evaluators;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using static Benny.Evaluation.Tests.Support.GoldenCases;

namespace Benny.Evaluation.Tests.Evaluators;

public class JsonSchemaValidityEvaluatorTests
{
    private const string Schema = """{"type":"object","properties":{"name":{"type":"string"},"year":{"type":"integer"}},"required":["name","year"]}""";

    private static async Task<BooleanMetric?> EvaluateAsync(string answer, string? schema = Schema)
    {
        GoldenCase golden = new() { Id = "c", Messages = [new ChatMessage(ChatRole.User, "q")], Schema = schema is null ? null : JsonValue(schema) };
        EvaluationResult result = await new JsonSchemaValidityEvaluator().EvaluateAsync([], Answer(answer), null, [new GoldenCaseContext(golden)]);
        return result.Metrics.Count == 0 ? null : result.Get<BooleanMetric>(JsonSchemaValidityEvaluator.MetricName);
    }

    [Test]
    public async Task EvaluateAsync_ValidAnswer_Passes()
    {
        BooleanMetric? metric = await EvaluateAsync("""{"name": "Ada", "year": 1843}""");

        Assert.That(metric!.Value, Is.True);
        Assert.That(metric.Interpretation!.Failed, Is.False);
    }

    [Test]
    public async Task EvaluateAsync_AnswerInACodeFence_IsRead()
    {
        BooleanMetric? metric = await EvaluateAsync("```json\n{\"name\": \"Ada\", \"year\": 1843}\n```");

        Assert.That(metric!.Value, Is.True);
    }

    [Test]
    public async Task EvaluateAsync_MissingRequiredField_FailsNamingTheProblem()
    {
        BooleanMetric? metric = await EvaluateAsync("""{"name": "Ada"}""");

        Assert.That(metric!.Value, Is.False);
        Assert.That(metric.Reason, Does.Contain("Invalid"));
        Assert.That(metric.Interpretation!.Failed, Is.True);
    }

    [Test]
    public async Task EvaluateAsync_WrongType_Fails()
        => Assert.That((await EvaluateAsync("""{"name": "Ada", "year": "1843"}"""))!.Value, Is.False);

    [Test]
    public async Task EvaluateAsync_NotJson_FailsSayingSo()
    {
        BooleanMetric? metric = await EvaluateAsync("Ada, 1843");

        Assert.That(metric!.Value, Is.False);
        Assert.That(metric.Reason, Does.Contain("not valid JSON"));
    }

    [Test]
    public async Task EvaluateAsync_EmptyAnswer_Fails()
        => Assert.That((await EvaluateAsync("   "))!.Value, Is.False);

    [Test]
    public async Task EvaluateAsync_UnusableSchema_IsInconclusiveWithADiagnostic()
    {
        BooleanMetric? metric = await EvaluateAsync("{}", """{"type": 42}""");

        Assert.That(metric!.Value, Is.Null);
        Assert.That(metric.Interpretation!.Rating, Is.EqualTo(EvaluationRating.Inconclusive));
        Assert.That(metric.Diagnostics!.Single().Severity, Is.EqualTo(EvaluationDiagnosticSeverity.Error));
    }

    [Test]
    public async Task EvaluateAsync_NoSchema_ReturnsNoMetric()
        => Assert.That(await EvaluateAsync("{}", null), Is.Null);
}
