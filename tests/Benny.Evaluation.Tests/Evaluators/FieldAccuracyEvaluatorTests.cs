using Benny.Evaluation.Evaluators;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using static Benny.Evaluation.Tests.Support.GoldenCases;

namespace Benny.Evaluation.Tests.Evaluators;

public class FieldAccuracyEvaluatorTests
{
    private static async Task<NumericMetric?> EvaluateAsync(ChatResponse response, string? expectedFields, GoldenToolCall? toolCall = null)
    {
        GoldenCase golden = new()
        {
            Id = "c",
            Messages = [new ChatMessage(ChatRole.User, "q")],
            ExpectedFields = expectedFields is null ? null : JsonValue(expectedFields),
            ExpectedToolCall = toolCall,
        };
        EvaluationResult result = await new FieldAccuracyEvaluator().EvaluateAsync([], response, null, [new GoldenCaseContext(golden)]);
        return result.Metrics.Count == 0 ? null : result.Get<NumericMetric>(FieldAccuracyEvaluator.MetricName);
    }

    [Test]
    public async Task EvaluateAsync_AllFieldsEqual_NumbersNumericallyStringsNormalized_IsOne()
    {
        NumericMetric? metric = await EvaluateAsync(Answer("""{"name": " ada ", "year": 1843.0, "extra": true}"""), """{"name": "Ada", "year": 1843}""");

        Assert.That(metric!.Value, Is.EqualTo(1.0));
        Assert.That(metric.Interpretation!.Rating, Is.EqualTo(EvaluationRating.Exceptional));
    }

    [Test]
    public async Task EvaluateAsync_OneOfTwoFieldsWrong_IsHalfAndNamesTheField()
    {
        NumericMetric? metric = await EvaluateAsync(Answer("""{"name": "Ada", "year": 1842}"""), """{"name": "Ada", "year": 1843}""");

        Assert.That(metric!.Value, Is.EqualTo(0.5));
        Assert.That(metric.Reason, Does.Contain("year"));
    }

    [Test]
    public async Task EvaluateAsync_MissingField_CountsAsWrong()
        => Assert.That((await EvaluateAsync(Answer("""{"name": "Ada"}"""), """{"name": "Ada", "year": 1843}"""))!.Value, Is.EqualTo(0.5));

    [Test]
    public async Task EvaluateAsync_NumberWrittenAsString_Matches()
        => Assert.That((await EvaluateAsync(Answer("""{"year": "1843"}"""), """{"year": 1843}"""))!.Value, Is.EqualTo(1.0));

    [Test]
    public async Task EvaluateAsync_NestedObjectAndArray_AreComparedDeeply()
    {
        NumericMetric? metric = await EvaluateAsync(
            Answer("""{"who": {"first": "ADA", "last": "Lovelace"}, "tags": ["a", "b"]}"""),
            """{"who": {"first": "ada"}, "tags": ["a", "c"]}""");

        Assert.That(metric!.Value, Is.EqualTo(0.5));
    }

    [Test]
    public async Task EvaluateAsync_AnswerNotJson_IsZero()
    {
        NumericMetric? metric = await EvaluateAsync(Answer("Ada, 1843"), """{"name": "Ada"}""");

        Assert.That(metric!.Value, Is.EqualTo(0));
        Assert.That(metric.Interpretation!.Failed, Is.True);
    }

    [Test]
    public async Task EvaluateAsync_AnswerJsonArray_IsZero()
        => Assert.That((await EvaluateAsync(Answer("[1]"), """{"name": "Ada"}"""))!.Value, Is.EqualTo(0));

    [Test]
    public async Task EvaluateAsync_ExpectedToolCall_ComparesTheCallsArguments()
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("1", "get_weather", new Dictionary<string, object?> { ["city"] = "paris", ["days"] = 3 })]));

        NumericMetric? metric = await EvaluateAsync(response, expectedFields: null, new GoldenToolCall("get_weather", JsonValue("""{"city": "Paris", "days": 2}""")));

        Assert.That(metric!.Value, Is.EqualTo(0.5));
    }

    [Test]
    public async Task EvaluateAsync_ExpectedToolCallButNoCall_IsZero()
    {
        NumericMetric? metric = await EvaluateAsync(Answer("""{"city": "Paris"}"""), expectedFields: null, new GoldenToolCall("get_weather", JsonValue("""{"city": "Paris"}""")));

        Assert.That(metric!.Value, Is.EqualTo(0));
        Assert.That(metric.Reason, Does.Contain("no tool"));
    }

    [Test]
    public async Task EvaluateAsync_NoExpectedFieldsNorArguments_ReturnsNoMetric()
    {
        Assert.That(await EvaluateAsync(Answer("{}"), null), Is.Null);
        Assert.That(await EvaluateAsync(Answer("{}"), null, new GoldenToolCall("get_weather", null)), Is.Null);
    }

    [Test]
    public async Task EvaluateAsync_EmptyExpectedObject_IsInconclusive()
    {
        NumericMetric? metric = await EvaluateAsync(Answer("{}"), "{}");

        Assert.That(metric!.Value, Is.Null);
        Assert.That(metric.Interpretation!.Rating, Is.EqualTo(EvaluationRating.Inconclusive));
    }
}
