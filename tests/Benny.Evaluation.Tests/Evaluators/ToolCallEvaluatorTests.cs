using Benny.Evaluation.Evaluators;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Tests.Evaluators;

public class ToolCallEvaluatorTests
{
    private static async Task<BooleanMetric?> EvaluateAsync(ChatResponse response, GoldenToolCall? expected)
    {
        GoldenCase golden = new() { Id = "c", Messages = [new ChatMessage(ChatRole.User, "q")], ExpectedToolCall = expected };
        EvaluationResult result = await new ToolCallEvaluator().EvaluateAsync([], response, null, [new GoldenCaseContext(golden)]);
        return result.Metrics.Count == 0 ? null : result.Get<BooleanMetric>(ToolCallEvaluator.MetricName);
    }

    private static ChatResponse Calls(params string[] names)
        => new(new ChatMessage(ChatRole.Assistant, [.. names.Select((n, i) => (AIContent)new FunctionCallContent(i.ToString(System.Globalization.CultureInfo.InvariantCulture), n))]));

    [Test]
    public async Task EvaluateAsync_ExpectedToolCalled_Passes()
        => Assert.That((await EvaluateAsync(Calls("get_weather"), new GoldenToolCall("get_weather", null)))!.Value, Is.True);

    [Test]
    public async Task EvaluateAsync_ExpectedToolAmongSeveralCalls_Passes()
        => Assert.That((await EvaluateAsync(Calls("lookup", "get_weather"), new GoldenToolCall("get_weather", null)))!.Value, Is.True);

    [Test]
    public async Task EvaluateAsync_OtherTool_FailsNamingIt()
    {
        BooleanMetric? metric = await EvaluateAsync(Calls("get_time"), new GoldenToolCall("get_weather", null));

        Assert.That(metric!.Value, Is.False);
        Assert.That(metric.Reason, Does.Contain("get_time"));
    }

    [Test]
    public async Task EvaluateAsync_NameDiffersInCase_Fails()
        => Assert.That((await EvaluateAsync(Calls("Get_Weather"), new GoldenToolCall("get_weather", null)))!.Value, Is.False);

    [Test]
    public async Task EvaluateAsync_TextAnswerWithoutCall_Fails()
    {
        BooleanMetric? metric = await EvaluateAsync(new ChatResponse(new ChatMessage(ChatRole.Assistant, "It is sunny.")), new GoldenToolCall("get_weather", null));

        Assert.That(metric!.Value, Is.False);
        Assert.That(metric.Reason, Does.Contain("no tool"));
    }

    [Test]
    public async Task EvaluateAsync_NoExpectedCall_ReturnsNoMetric()
        => Assert.That(await EvaluateAsync(Calls("get_weather"), null), Is.Null);
}
