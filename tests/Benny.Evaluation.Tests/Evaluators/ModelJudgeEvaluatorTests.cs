using Benny.Evaluation.Evaluators;
using Benny.Evaluation.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using static Benny.Evaluation.Tests.Support.GoldenCases;

namespace Benny.Evaluation.Tests.Evaluators;

public class ModelJudgeEvaluatorTests
{
    [TestCase("4", 4)]
    [TestCase("Score: 5", 5)]
    [TestCase("**3**", 3)]
    [TestCase("I'd give it 2/5 because it misses the year.", 2)]
    [TestCase("1 out of 5", 1)]
    [TestCase("The answer covers 10 facts; score 4.", 4)]
    [TestCase("  5\n", 5)]
    public void ParseScore_FindsTheScore(string reply, int score)
        => Assert.That(ModelJudgeEvaluator.ParseScore(reply), Is.EqualTo(score));

    [TestCase("")]
    [TestCase("excellent")]
    [TestCase("10")]
    [TestCase("0")]
    [TestCase("3.5")]
    [TestCase("9 / 10")]
    public void ParseScore_NoScore_IsNull(string reply)
        => Assert.That(ModelJudgeEvaluator.ParseScore(reply), Is.Null);

    [Test]
    public async Task EvaluateAsync_JudgeReplies_AsksWithTheReferenceAndRecordsTheScore()
    {
        var judge = ScriptedChatClient.Answering("Score: 4");

        EvaluationResult result = await new ModelJudgeEvaluator().EvaluateAsync(
            [new ChatMessage(ChatRole.User, "Who wrote the first program?")], Answer("Ada"), new ChatConfiguration(judge), [new GoldenCaseContext(Case(expected: "Ada Lovelace"))]);

        NumericMetric metric = result.Get<NumericMetric>(ModelJudgeEvaluator.MetricName);
        Assert.That(metric.Value, Is.EqualTo(4));
        Assert.That(metric.Interpretation!.Rating, Is.EqualTo(EvaluationRating.Good));
        string prompt = judge.Requests.Single().Messages[^1].Text;
        Assert.That(prompt, Does.Contain("Who wrote the first program?").And.Contain("Ada Lovelace").And.Contain("ANSWER:\nAda"));
    }

    [Test]
    public async Task EvaluateAsync_ReplyWithoutScore_IsADiagnosticNotAnException()
    {
        EvaluationResult result = await new ModelJudgeEvaluator().EvaluateAsync(
            [], Answer("x"), new ChatConfiguration(ScriptedChatClient.Answering("I cannot grade this")), [new GoldenCaseContext(Case(expected: "y"))]);

        NumericMetric metric = result.Get<NumericMetric>(ModelJudgeEvaluator.MetricName);
        Assert.That(metric.Value, Is.Null);
        Assert.That(metric.Diagnostics!.Single().Message, Does.Contain("I cannot grade this"));
    }

    [Test]
    public async Task EvaluateAsync_JudgeThrows_IsADiagnostic()
    {
        var failing = new ScriptedChatClient((_, _) => new ScriptedAnswer("") { Error = new InvalidOperationException("judge offline") });

        EvaluationResult result = await new ModelJudgeEvaluator().EvaluateAsync([], Answer("x"), new ChatConfiguration(failing), [new GoldenCaseContext(Case(expected: "y"))]);

        Assert.That(result.Get<NumericMetric>(ModelJudgeEvaluator.MetricName).Diagnostics!.Single().Message, Does.Contain("judge offline"));
    }

    [Test]
    public async Task EvaluateAsync_NoJudgeConfigured_IsInconclusive()
    {
        EvaluationResult result = await new ModelJudgeEvaluator().EvaluateAsync([], Answer("x"), null, [new GoldenCaseContext(Case(expected: "y"))]);

        Assert.That(result.Get<NumericMetric>(ModelJudgeEvaluator.MetricName).Interpretation!.Rating, Is.EqualTo(EvaluationRating.Inconclusive));
    }

    [Test]
    public async Task EvaluateAsync_NoExpectedAnswer_DoesNotAskTheJudge()
    {
        var judge = ScriptedChatClient.Answering("5");

        EvaluationResult result = await new ModelJudgeEvaluator().EvaluateAsync([], Answer("x"), new ChatConfiguration(judge), [new GoldenCaseContext(Case())]);

        Assert.That(result.Metrics, Is.Empty);
        Assert.That(judge.Requests, Is.Empty);
    }
}
