using Benny.Evaluation.Evaluators;
using Benny.Evaluation.Tests.Support;
using Benny.Runtime.Prompts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using Moq;

namespace Benny.Evaluation.Tests;

public class EvaluationRunnerTests
{
    private static readonly GoldenSet Capitals = GoldenCases.Set(
        """{"id": "fr", "messages": [{"role": "user", "content": "Capital of France?"}], "expected": "Paris"}""",
        """{"id": "de", "messages": [{"role": "user", "content": "Capital of Germany?"}], "expected": "Berlin"}""",
        """{"id": "it", "messages": [{"role": "user", "content": "Capital of Italy?"}], "expected": "Rome"}""");

    /// <summary>Knows every capital.</summary>
    private static ScriptedChatClient Good() => new((messages, _) => new ScriptedAnswer(messages[^1].Text switch
    {
        "Capital of France?" => "Paris",
        "Capital of Germany?" => "Berlin",
        _ => "Rome",
    }));

    /// <summary>Answers Italy wrongly and fails on Germany.</summary>
    private static ScriptedChatClient Flawed() => new((messages, _) => messages[^1].Text switch
    {
        "Capital of France?" => new ScriptedAnswer("Paris"),
        "Capital of Germany?" => new ScriptedAnswer("") { Error = new InvalidOperationException("model crashed") },
        _ => new ScriptedAnswer("Milan is the capital"),
    });

    [Test]
    public async Task RunAsync_TwoVariants_AggregatesEachAndCapturesTheFailingCase()
    {
        EvaluationReport report = await EvaluationRunner.RunAsync(
            Capitals, [new EvaluationVariant("good", Good()), new EvaluationVariant("flawed", Flawed())], DefaultEvaluators.Create());

        VariantReport good = report.GetVariant("good")!;
        VariantReport flawed = report.GetVariant("flawed")!;
        Assert.That(report.SetName, Is.EqualTo("test.jsonl"));
        Assert.That(good.GetMetric(ExactMatchEvaluator.MetricName)!.Mean, Is.EqualTo(1.0));
        Assert.That(good.GetMetric(ExactMatchEvaluator.MetricName)!.Count, Is.EqualTo(3));
        Assert.That(good.ErrorCount, Is.Zero);
        Assert.That(flawed.GetMetric(ExactMatchEvaluator.MetricName)!.Mean, Is.EqualTo(0.5), "Paris right, Milan wrong; the crashed case has no value");
        Assert.That(flawed.GetMetric(ExactMatchEvaluator.MetricName)!.Count, Is.EqualTo(2));
        Assert.That(flawed.GetMetric(ExactMatchEvaluator.MetricName)!.FailedCount, Is.EqualTo(1));
        Assert.That(flawed.ErrorCount, Is.EqualTo(1));
        CaseResult crashed = flawed.Cases.Single(c => c.CaseId == "de");
        Assert.That(crashed.Error, Does.Contain("InvalidOperationException").And.Contain("model crashed"));
        Assert.That(crashed.Answer, Is.Null);
        Assert.That(crashed.Metrics, Is.Empty);
        Assert.That(flawed.Cases.Select(c => c.CaseId), Is.EqualTo(new[] { "fr", "de", "it" }), "cases keep the set's order");
    }

    [Test]
    public async Task RunAsync_TwoVariants_ListsTheCasesWhoseMetricsDiffer()
    {
        EvaluationReport report = await EvaluationRunner.RunAsync(
            Capitals, [new EvaluationVariant("good", Good()), new EvaluationVariant("flawed", Flawed())], [new ExactMatchEvaluator(), new TokenF1Evaluator()]);

        Assert.That(report.Differences.Select(d => (d.CaseId, d.Metric)), Is.EquivalentTo(new[]
        {
            ("de", ExactMatchEvaluator.MetricName), ("de", TokenF1Evaluator.MetricName),
            ("it", ExactMatchEvaluator.MetricName), ("it", TokenF1Evaluator.MetricName),
        }));
        CaseDifference italy = report.Differences.Single(d => d.CaseId == "it" && d.Metric == ExactMatchEvaluator.MetricName);
        Assert.That(italy.Values["good"], Is.EqualTo(1));
        Assert.That(italy.Values["flawed"], Is.EqualTo(0));
        Assert.That(report.Differences.Single(d => d.CaseId == "de" && d.Metric == ExactMatchEvaluator.MetricName).Values["flawed"], Is.Null);
    }

    [Test]
    public async Task RunAsync_Streaming_FillsTimeToFirstTokenTokensPerSecondAndOutputTokens()
    {
        GoldenSet set = GoldenCases.Set("""{"id": "long", "messages": [{"role": "user", "content": "q"}], "expected": "a b c d e f"}""");

        EvaluationReport report = await EvaluationRunner.RunAsync(set, [new EvaluationVariant("v", ScriptedChatClient.Answering("a b c d e f"))], [new ExactMatchEvaluator()]);

        CaseResult result = report.Variants[0].Cases[0];
        Assert.That(result.Answer, Is.EqualTo("a b c d e f"));
        Assert.That(result.OutputTokens, Is.EqualTo(6), "from the usage update");
        Assert.That(result.TimeToFirstTokenMs, Is.Not.Null.And.GreaterThanOrEqualTo(0));
        Assert.That(result.TotalMs, Is.GreaterThanOrEqualTo(result.TimeToFirstTokenMs!.Value));
        Assert.That(report.Variants[0].TimeToFirstToken.P50Ms, Is.EqualTo(result.TimeToFirstTokenMs));
    }

    [Test]
    public async Task RunAsync_CaseTimeout_IsRecordedAndTheRunGoesOn()
    {
        var client = new ScriptedChatClient((messages, _) => messages[^1].Text == "Capital of France?"
            ? new ScriptedAnswer("") { WaitForCancellation = true }
            : new ScriptedAnswer("Berlin"));

        EvaluationReport report = await EvaluationRunner.RunAsync(
            Capitals, [new EvaluationVariant("v", client)], [new ExactMatchEvaluator()], new EvaluationRunOptions { CaseTimeout = TimeSpan.FromMilliseconds(50) });

        VariantReport variant = report.Variants[0];
        Assert.That(variant.Cases[0].Error, Does.Contain("TimeoutException").And.Contain("CaseTimeout"));
        Assert.That(variant.Cases[1].Metrics[ExactMatchEvaluator.MetricName].Value, Is.EqualTo(1));
        Assert.That(variant.ErrorCount, Is.EqualTo(1));
    }

    [Test]
    public void RunAsync_CallerCancels_EndsTheRun()
    {
        using var cancellation = new CancellationTokenSource();
        var client = new ScriptedChatClient((_, _) =>
        {
            cancellation.Cancel();
            return new ScriptedAnswer("") { WaitForCancellation = true };
        });

        Assert.That(
            async () => await EvaluationRunner.RunAsync(Capitals, [new EvaluationVariant("v", client)], [new ExactMatchEvaluator()], cancellationToken: cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task RunAsync_FailingEvaluator_IsRecordedOnTheCaseAndOtherMetricsStay()
    {
        var broken = new Mock<IEvaluator>();
        broken.Setup(e => e.EvaluationMetricNames).Returns(["broken"]);
        broken.Setup(e => e.EvaluateAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatResponse>(), It.IsAny<ChatConfiguration?>(), It.IsAny<IEnumerable<EvaluationContext>?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new FormatException("bad evaluator"));

        EvaluationReport report = await EvaluationRunner.RunAsync(Capitals, [new EvaluationVariant("v", Good())], [broken.Object, new ExactMatchEvaluator()]);

        CaseResult first = report.Variants[0].Cases[0];
        Assert.That(first.Error, Does.Contain("bad evaluator"));
        Assert.That(first.Metrics[ExactMatchEvaluator.MetricName].Value, Is.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_PassesTheGoldenCaseAndJudgeConfigurationToEvaluators()
    {
        var evaluator = new Mock<IEvaluator>();
        evaluator.Setup(e => e.EvaluationMetricNames).Returns(["m"]);
        evaluator.Setup(e => e.EvaluateAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatResponse>(), It.IsAny<ChatConfiguration?>(), It.IsAny<IEnumerable<EvaluationContext>?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new EvaluationResult());
        var judge = new ChatConfiguration(ScriptedChatClient.Answering("5"));

        _ = await EvaluationRunner.RunAsync(Capitals, [new EvaluationVariant("v", Good())], [evaluator.Object], new EvaluationRunOptions { ChatConfiguration = judge });

        evaluator.Verify(
            e => e.EvaluateAsync(
                It.Is<IEnumerable<ChatMessage>>(m => m.Last().Text == "Capital of Italy?"),
                It.Is<ChatResponse>(r => r.Text == "Rome"),
                judge,
                It.Is<IEnumerable<EvaluationContext>>(c => GoldenCaseContext.Find(c)!.Id == "it"),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Test]
    public async Task RunAsync_OneAtATime_RunsVariantByVariantInTheSetsOrder()
    {
        ScriptedChatClient shared = Good();

        _ = await EvaluationRunner.RunAsync(
            Capitals, [new EvaluationVariant("a", shared), new EvaluationVariant("b", shared, new ChatOptions { Temperature = 1 })], []);

        Assert.That(
            shared.Requests.Select(r => (r.Options!.Temperature, r.Messages[^1].Text)),
            Is.EqualTo(new (float?, string)[]
            {
                (null, "Capital of France?"), (null, "Capital of Germany?"), (null, "Capital of Italy?"),
                (1f, "Capital of France?"), (1f, "Capital of Germany?"), (1f, "Capital of Italy?"),
            }));
    }

    [Test]
    public async Task RunAsync_ConcurrencyAboveOne_GivesTheSameResults()
    {
        EvaluationReport report = await EvaluationRunner.RunAsync(
            Capitals, [new EvaluationVariant("a", Good()), new EvaluationVariant("b", Flawed())], [new ExactMatchEvaluator()], new EvaluationRunOptions { Concurrency = 4 });

        Assert.That(report.GetVariant("a")!.GetMetric(ExactMatchEvaluator.MetricName)!.Mean, Is.EqualTo(1.0));
        Assert.That(report.GetVariant("b")!.GetMetric(ExactMatchEvaluator.MetricName)!.Mean, Is.EqualTo(0.5));
        Assert.That(report.GetVariant("b")!.Cases.Select(c => c.CaseId), Is.EqualTo(new[] { "fr", "de", "it" }));
    }

    [Test]
    public async Task RunAsync_ReportsProgressForEveryCaseOfEveryVariant()
    {
        var seen = new List<EvaluationProgress>();
        var progress = new SynchronousProgress(seen);

        _ = await EvaluationRunner.RunAsync(Capitals, [new EvaluationVariant("a", Good()), new EvaluationVariant("b", Flawed())], [new ExactMatchEvaluator()], progress: progress);

        Assert.That(seen, Has.Count.EqualTo(6));
        Assert.That(seen.Select(p => p.Completed), Is.EquivalentTo(new[] { 1, 2, 3, 4, 5, 6 }));
        Assert.That(seen.All(p => p.Total == 6), Is.True);
        Assert.That(seen.Single(p => p.Variant == "b" && p.CaseId == "de").Error, Does.Contain("model crashed"));
    }

    [Test]
    public async Task RunAsync_CaseSettings_ReachTheRequest()
    {
        GoldenSet set = GoldenCases.Set(
            """{"id": "json", "messages": [{"role": "user", "content": "q"}], "schema": {"type": "object"}, "max_tokens": 12, "tools": [{"name": "get_weather", "description": "Weather.", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}]}""",
            """{"id": "plain", "messages": [{"role": "user", "content": "q"}]}""");
        var client = ScriptedChatClient.Answering("{}");
        var variantOptions = new ChatOptions { Temperature = 0.3f };

        _ = await EvaluationRunner.RunAsync(set, [new EvaluationVariant("v", client, variantOptions)], [], new EvaluationRunOptions { DefaultMaxOutputTokens = 99 });

        ChatOptions json = client.Requests[0].Options!;
        Assert.That(json.MaxOutputTokens, Is.EqualTo(12));
        Assert.That(json.Temperature, Is.EqualTo(0.3f));
        Assert.That(json.ResponseFormat, Is.InstanceOf<ChatResponseFormatJson>());
        Assert.That(((ChatResponseFormatJson)json.ResponseFormat!).Schema!.Value.GetProperty("type").GetString(), Is.EqualTo("object"));
        Assert.That(json.Tools!.Single().Name, Is.EqualTo("get_weather"));
        Assert.That(((AIFunctionDeclaration)json.Tools![0]).JsonSchema.GetProperty("properties").TryGetProperty("city", out _), Is.True);
        ChatOptions plain = client.Requests[1].Options!;
        Assert.That(plain.MaxOutputTokens, Is.EqualTo(99));
        Assert.That(plain.ResponseFormat, Is.Null);
        Assert.That(plain.Tools, Is.Null);
        Assert.That(variantOptions.MaxOutputTokens, Is.Null, "the variant's options are copied, not changed");
    }

    [Test]
    public async Task RunAsync_PromptCase_WithAStore_RendersTheTemplateAndTurnsInjectionOff()
    {
        PromptTemplate template = PromptTemplate.Parse("---\nmodel: m\n---\nSYSTEM: Extract from the text.\nUSER: {{ text }}", "extract.prompt");
        var client = ScriptedChatClient.Answering("ok");
        GoldenSet set = GoldenCases.Set("""{"id": "p", "prompt": "extract", "variables": {"text": "Ada was born in 1815."}}""");

        _ = await EvaluationRunner.RunAsync(set, [new EvaluationVariant("v", client, prompts: PromptStore.FromTemplates([template]))], []);

        (IReadOnlyList<ChatMessage> messages, ChatOptions? options) = client.Requests.Single();
        Assert.That(messages.Select(m => m.Text), Has.Some.Contains("Ada was born in 1815."));
        Assert.That(options.IsPromptInjectionDisabled(), Is.True);
    }

    [Test]
    public async Task RunAsync_PromptCase_WithoutAStore_PassesTheVariablesForTheModelsPipeline()
    {
        var client = ScriptedChatClient.Answering("ok");
        GoldenSet set = GoldenCases.Set("""{"id": "p", "prompt": "extract", "variables": {"text": "Ada"}}""");

        _ = await EvaluationRunner.RunAsync(set, [new EvaluationVariant("v", client)], []);

        ChatOptions? options = client.Requests.Single().Options;
        Assert.That(options.GetPromptVariables()!["text"], Is.EqualTo("Ada"));
        Assert.That(options.IsPromptInjectionDisabled(), Is.False);
    }

    [Test]
    public async Task RunAsync_PromptMissingFromTheStore_PassesTheVariablesForTheModelsOwnPrompt()
    {
        var client = ScriptedChatClient.Answering("ok");
        GoldenSet set = GoldenCases.Set("""{"id": "p", "prompt": "nope", "variables": {"text": "Ada"}}""");

        EvaluationReport report = await EvaluationRunner.RunAsync(set, [new EvaluationVariant("v", client, prompts: PromptStore.Empty)], []);

        Assert.That(report.Variants[0].Cases[0].Error, Is.Null);
        Assert.That(client.Requests.Single().Options.GetPromptVariables()!["text"], Is.EqualTo("Ada"));
    }

    [Test]
    public async Task RunAsync_PromptVariablesThatDoNotFit_IsACaseError()
    {
        PromptTemplate template = PromptTemplate.Parse("---\nmodel: m\ninput:\n  schema:\n    text: string\n---\nUSER: {{ text }}", "extract.prompt");
        GoldenSet set = GoldenCases.Set("""{"id": "p", "prompt": "extract", "variables": {"other": "Ada"}}""");

        EvaluationReport report = await EvaluationRunner.RunAsync(set, [new EvaluationVariant("v", ScriptedChatClient.Answering("ok"), prompts: PromptStore.FromTemplates([template]))], []);

        Assert.That(report.Variants[0].Cases[0].Error, Does.Contain("PromptRenderException").And.Contain("text"));
    }

    [Test]
    public void RunAsync_DuplicateVariantNames_Throws()
        => Assert.That(
            () => EvaluationRunner.RunAsync(Capitals, [new EvaluationVariant("v", Good()), new EvaluationVariant("v", Good())], []),
            Throws.ArgumentException.With.Message.Contains("'v'"));

    [Test]
    public void RunAsync_NoVariant_Throws()
        => Assert.That(() => EvaluationRunner.RunAsync(Capitals, [], []), Throws.ArgumentException);

    [Test]
    public void RunAsync_ZeroConcurrency_Throws()
        => Assert.That(
            () => EvaluationRunner.RunAsync(Capitals, [new EvaluationVariant("v", Good())], [], new EvaluationRunOptions { Concurrency = 0 }),
            Throws.ArgumentException.With.Message.Contains("Concurrency"));

    /// <summary>Records progress on the reporting thread (Progress&lt;T&gt; would post to the thread pool, after the run returns).</summary>
    private sealed class SynchronousProgress(List<EvaluationProgress> seen) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value)
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }
    }
}
