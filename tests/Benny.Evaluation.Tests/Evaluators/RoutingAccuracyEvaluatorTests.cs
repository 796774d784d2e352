using Benny.Evaluation.Evaluators;
using Benny.Runtime.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Tests.Evaluators;

public class RoutingAccuracyEvaluatorTests
{
    private static async Task<BooleanMetric?> EvaluateAsync(AdditionalPropertiesDictionary? properties, string? expectedTier = "light")
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { AdditionalProperties = properties };
        GoldenCase golden = new() { Id = "c", Messages = [new ChatMessage(ChatRole.User, "q")], ExpectedTier = expectedTier };
        EvaluationResult result = await new RoutingAccuracyEvaluator().EvaluateAsync([], response, null, [new GoldenCaseContext(golden)]);
        return result.Metrics.Count == 0 ? null : result.Get<BooleanMetric>(RoutingAccuracyEvaluator.MetricName);
    }

    [Test]
    public async Task EvaluateAsync_ExpectedTier_PassesCaseInsensitively()
        => Assert.That((await EvaluateAsync(new() { [TierRouterChatClient.TierKey] = "Light" }))!.Value, Is.True);

    [Test]
    public async Task EvaluateAsync_OtherTier_Fails()
    {
        BooleanMetric? metric = await EvaluateAsync(new() { [TierRouterChatClient.TierKey] = "heavy" });

        Assert.That(metric!.Value, Is.False);
        Assert.That(metric.Reason, Does.Contain("heavy").And.Contain("light"));
    }

    [Test]
    public async Task EvaluateAsync_AfterAFallback_JudgesThePolicysChoice()
    {
        var properties = new AdditionalPropertiesDictionary { [TierRouterChatClient.TierKey] = "heavy", [TierRouterChatClient.FallbackFromKey] = "light" };

        Assert.That((await EvaluateAsync(properties))!.Value, Is.True);
    }

    [Test]
    public async Task EvaluateAsync_StreamedUpdatesWithMessageIds_FindsTheTierOnTheMessage()
    {
        // ToChatResponse keeps the updates' properties on the message when the updates carry a message id, as engines' do.
        ChatResponse response = new[]
        {
            new ChatResponseUpdate(ChatRole.Assistant, "ok") { MessageId = "m1", AdditionalProperties = new() { [TierRouterChatClient.TierKey] = "light" } },
        }.ToChatResponse();
        GoldenCase golden = new() { Id = "c", Messages = [new ChatMessage(ChatRole.User, "q")], ExpectedTier = "light" };

        EvaluationResult result = await new RoutingAccuracyEvaluator().EvaluateAsync([], response, null, [new GoldenCaseContext(golden)]);

        Assert.That(response.AdditionalProperties, Is.Null.Or.Not.ContainKey(TierRouterChatClient.TierKey), "the premise: not on the response");
        Assert.That(result.Get<BooleanMetric>(RoutingAccuracyEvaluator.MetricName).Value, Is.True);
    }

    [Test]
    public async Task EvaluateAsync_ResponseWithoutTier_IsInconclusiveNotAFakeResult()
    {
        BooleanMetric? metric = await EvaluateAsync(null);

        Assert.That(metric!.Value, Is.Null);
        Assert.That(metric.Interpretation!.Rating, Is.EqualTo(EvaluationRating.Inconclusive));
        Assert.That(metric.Diagnostics!.Single().Message, Does.Contain("tier router"));
    }

    [Test]
    public async Task EvaluateAsync_NoExpectedTier_ReturnsNoMetric()
        => Assert.That(await EvaluateAsync(new() { [TierRouterChatClient.TierKey] = "light" }, null), Is.Null);
}
