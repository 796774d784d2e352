using Benny.Runtime.Presets;
using Benny.Runtime.Prompts;
using Benny.Runtime.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Benny.Runtime.Tests.Routing;

public sealed class ClassifierTierPolicyTests
{
    private static readonly string[] Tiers = ["light", "heavy"];

    private readonly Mock<IChatClient> _classifier = new();
    private readonly FakeTimeProvider _time = new();
    private readonly List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> _calls = [];

    /// <summary>A fallback that always picks <c>heavy</c> with a recognisable reason.</summary>
    private readonly ITierPolicy _fallback = new RuleTierPolicy([new TierRule { Name = "fallback-rule", Tier = "heavy" }]);

    private static TierRoutingContext Context(string text = "is this an invoice?", params string[] tiers)
        => new([new ChatMessage(ChatRole.System, "be helpful"), new ChatMessage(ChatRole.User, text)], null, new TaskProfile(), tiers.Length == 0 ? Tiers : tiers);

    private void Answer(string answer)
        => _classifier
            .Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((IEnumerable<ChatMessage> m, ChatOptions? o, CancellationToken _) => _calls.Add(([.. m], o)))
            .ReturnsAsync(() => new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)));

    private ClassifierTierPolicy Create(ClassifierTierPolicyOptions? options = null)
        => new(_classifier.Object, _fallback, options, timeProvider: _time);

    [Test]
    public async Task DecideAsync_ValidAnswer_ReturnsThatTier()
    {
        Answer("light");

        TierDecision decision = await Create().DecideAsync(Context(), CancellationToken.None);

        Assert.That(decision, Is.EqualTo(new TierDecision("light", "the classifier answered 'light'", "Classifier")));
    }

    [Test]
    public async Task DecideAsync_Prompt_ListsTheLabelsAndSendsTheLastUserMessageGreedily()
    {
        Answer("heavy");

        await Create().DecideAsync(Context("plan my ERP migration"), CancellationToken.None);

        (IReadOnlyList<ChatMessage> messages, ChatOptions? options) = _calls.Single();
        Assert.That(messages.Select(m => m.Role), Is.EqualTo(new[] { ChatRole.System, ChatRole.User }));
        Assert.That(messages[0].Text, Does.Contain("light, heavy").And.Contain("- light:").And.Contain("- heavy:"));
        Assert.That(messages[1].Text, Is.EqualTo("plan my ERP migration"));
        Assert.That(options!.Temperature, Is.EqualTo(0f));
        Assert.That(options.MaxOutputTokens, Is.EqualTo(8));
        Assert.That(options.IsPromptInjectionDisabled(), Is.True, "the model's own prompt template must not replace the classification prompt");
    }

    [TestCase(" Light.")]
    [TestCase("HEAVY")]
    [TestCase("\"heavy\"")]
    [TestCase("light, because it is short")]
    [TestCase("**light**")]
    public async Task DecideAsync_AnswerWithPunctuationOrCase_IsParsed(string answer)
    {
        Answer(answer);

        TierDecision decision = await Create().DecideAsync(Context(), CancellationToken.None);

        Assert.That(decision.Policy, Is.EqualTo("Classifier"));
        Assert.That(decision.Tier, Is.EqualTo(answer.Contains("ight", StringComparison.Ordinal) ? "light" : "heavy"));
    }

    [Test]
    public async Task DecideAsync_LabelSpelledDifferently_ReturnsTheConfiguredSpelling()
    {
        Answer("it_ops");

        TierDecision decision = await Create().DecideAsync(Context("x", "Light", "IT_Ops"), CancellationToken.None);

        Assert.That(decision.Tier, Is.EqualTo("IT_Ops"));
    }

    [TestCase("banana")]
    [TestCase("")]
    [TestCase("the light one")]
    public async Task DecideAsync_AnswerOutsideTheLabels_FallsBackSayingWhy(string answer)
    {
        Answer(answer);

        TierDecision decision = await Create().DecideAsync(Context(), CancellationToken.None);

        Assert.That(decision.Tier, Is.EqualTo("heavy"));
        Assert.That(decision.Policy, Is.EqualTo("Rules"));
        Assert.That(decision.Reason, Is.EqualTo($"the classifier answered '{answer}', not a tier; catch-all rule fallback-rule"));
    }

    [Test]
    public async Task DecideAsync_ClassifierThrows_FallsBackSayingWhy()
    {
        _classifier
            .Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("model not loaded"));

        TierDecision decision = await Create().DecideAsync(Context(), CancellationToken.None);

        Assert.That(decision.Tier, Is.EqualTo("heavy"));
        Assert.That(decision.Reason, Does.StartWith("classifier failed: InvalidOperationException: model not loaded; catch-all rule fallback-rule"));
    }

    [Test]
    public async Task DecideAsync_ClassifierTimesOut_FallsBackAndCancelsTheCall()
    {
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        _classifier
            .Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((IEnumerable<ChatMessage> _, ChatOptions? _, CancellationToken ct) =>
            {
                started.SetResult(ct);
                return Task.Delay(Timeout.Infinite, ct).ContinueWith<ChatResponse>(_ => throw new OperationCanceledException(ct), TaskScheduler.Default);
            });
        ClassifierTierPolicy policy = Create(new ClassifierTierPolicyOptions { Timeout = TimeSpan.FromSeconds(2) });

        ValueTask<TierDecision> pending = policy.DecideAsync(Context(), CancellationToken.None);
        CancellationToken callToken = await started.Task;
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(pending.IsCompleted, Is.False, "still within the timeout");
        _time.Advance(TimeSpan.FromSeconds(1));
        TierDecision decision = await pending;

        Assert.That(decision.Tier, Is.EqualTo("heavy"));
        Assert.That(decision.Reason, Does.StartWith("the classifier timed out after 2 s; "));
        Assert.That(callToken.IsCancellationRequested, Is.True, "the abandoned classifier call is cancelled");
    }

    [Test]
    public async Task DecideAsync_CallerCancels_ThrowsInsteadOfFallingBack()
    {
        _classifier
            .Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((IEnumerable<ChatMessage> _, ChatOptions? _, CancellationToken ct) => Task.Delay(Timeout.Infinite, ct).ContinueWith<ChatResponse>(_ => throw new OperationCanceledException(ct), TaskScheduler.Default));
        using var cancellation = new CancellationTokenSource();

        ValueTask<TierDecision> pending = Create().DecideAsync(Context(), cancellation.Token);
        cancellation.Cancel();

        await Assert.CatchAsync<OperationCanceledException>(async () => await pending);
    }

    [Test]
    public async Task DecideAsync_UseGrammar_SetsAGrammarOfTheTierLabels()
    {
        Answer("light");

        await Create(new ClassifierTierPolicyOptions { UseGrammar = true }).DecideAsync(Context(), CancellationToken.None);

        Assert.That(_calls.Single().Options!.AdditionalProperties![ConstrainedOutput.GbnfGrammarKey], Is.EqualTo("root ::= \"light\" | \"heavy\""));
    }

    [Test]
    public async Task DecideAsync_WithoutUseGrammar_SetsNoGrammar()
    {
        Answer("light");

        await Create().DecideAsync(Context(), CancellationToken.None);

        Assert.That(_calls.Single().Options!.AdditionalProperties?.ContainsKey(ConstrainedOutput.GbnfGrammarKey), Is.Not.True);
    }

    [Test]
    public async Task DecideAsync_JsonSchemaFormat_AsksForADecisionUnderASchemaOfTheLabels()
    {
        Answer("""{"tier": "heavy", "reason": "it needs planning"}""");

        TierDecision decision = await Create(new ClassifierTierPolicyOptions { DecisionFormat = ClassifierDecisionFormat.JsonSchema, UseGrammar = true })
            .DecideAsync(Context("plan my ERP migration"), CancellationToken.None);

        Assert.That(decision, Is.EqualTo(new TierDecision("heavy", "the classifier answered 'heavy': it needs planning", "Classifier")));
        (IReadOnlyList<ChatMessage> messages, ChatOptions? options) = _calls.Single();
        var format = (ChatResponseFormatJson)options!.ResponseFormat!;
        Assert.That(format.SchemaName, Is.EqualTo("route_decision"));
        System.Text.Json.JsonElement schema = format.Schema!.Value;
        Assert.That(schema.GetProperty("properties").GetProperty("tier").GetProperty("enum").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(Tiers));
        Assert.That(schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "tier", "reason" }));
        Assert.That(schema.GetProperty("additionalProperties").GetBoolean(), Is.False);
        Assert.That(options.AdditionalProperties?.ContainsKey(ConstrainedOutput.GbnfGrammarKey), Is.Not.True, "a grammar would override the schema");
        Assert.That(options.MaxOutputTokens, Is.EqualTo(ClassifierTierPolicy.JsonMaxOutputTokens));
        Assert.That(options.Temperature, Is.EqualTo(0f));
        Assert.That(messages[0].Text, Does.Contain("\"tier\"").And.Contain("light, heavy"));
    }

    [TestCase("""{"tier":"light","reason":"short"}""", "light", "short")]
    [TestCase("```json\n{ \"Tier\": \" LIGHT \", \"Reason\": \"a greeting\" }\n```", "light", "a greeting")]
    [TestCase("""Sure! {"tier": "heavy"} is my answer.""", "heavy", "")]
    [TestCase("""{"reason": "no tier"} {"tier": "heavy", "reason": 3}""", "heavy", "")]
    [TestCase("""{"tier": "heavy", "reason": "x",}""", "heavy", "x")]
    public void ParseJsonAnswer_RobustToFencesCaseAndSurroundingText(string answer, string tier, string reason)
        => Assert.That(ClassifierTierPolicy.ParseJsonAnswer(answer, Tiers), Is.EqualTo((tier, reason)));

    [TestCase("light")]
    [TestCase("""{"tier": "medium", "reason": "x"}""")]
    [TestCase("""{"tier": "light", "reason": "cut off""")]
    [TestCase("""{"tier": ["light"]}""")]
    [TestCase("")]
    public void ParseJsonAnswer_NoDecision_IsNull(string answer)
        => Assert.That(ClassifierTierPolicy.ParseJsonAnswer(answer, Tiers), Is.Null);

    [Test]
    public async Task DecideAsync_JsonSchemaFormatWithoutADecision_FallsBackSayingWhy()
    {
        Answer("light, I think");

        TierDecision decision = await Create(new ClassifierTierPolicyOptions { DecisionFormat = ClassifierDecisionFormat.JsonSchema }).DecideAsync(Context(), CancellationToken.None);

        Assert.That(decision.Tier, Is.EqualTo("heavy"));
        Assert.That(decision.Reason, Does.StartWith("the classifier answered 'light, I think', not a JSON route decision; "));
    }

    [Test]
    public async Task DecideAsync_CacheDecisions_AsksTheClassifierOncePerText()
    {
        Answer("light");
        ClassifierTierPolicy policy = Create(new ClassifierTierPolicyOptions { CacheDecisions = true });

        TierDecision first = await policy.DecideAsync(Context("same text"), CancellationToken.None);
        TierDecision second = await policy.DecideAsync(Context("same text"), CancellationToken.None);
        await policy.DecideAsync(Context("other text"), CancellationToken.None);
        await policy.DecideAsync(Context("same text", "light", "heavy", "remote"), CancellationToken.None);

        Assert.That(_calls, Has.Count.EqualTo(3), "a different text or tier set is asked again");
        Assert.That(first.Tier, Is.EqualTo(second.Tier));
        Assert.That(second.Reason, Is.EqualTo("the classifier answered 'light' (cached)"));
    }

    [Test]
    public async Task DecideAsync_CacheFull_DropsTheOldestDecision()
    {
        Answer("light");
        ClassifierTierPolicy policy = Create(new ClassifierTierPolicyOptions { CacheDecisions = true, CacheSize = 2 });

        foreach (string text in new[] { "a", "b", "c", "c", "b", "a" })
        {
            await policy.DecideAsync(Context(text), CancellationToken.None);
        }

        Assert.That(_calls.Select(c => c.Messages[1].Text), Is.EqualTo(new[] { "a", "b", "c", "a" }));
    }

    [Test]
    public async Task DecideAsync_FailedDecisions_AreNotCached()
    {
        Answer("banana");
        ClassifierTierPolicy policy = Create(new ClassifierTierPolicyOptions { CacheDecisions = true });

        await policy.DecideAsync(Context("same"), CancellationToken.None);
        await policy.DecideAsync(Context("same"), CancellationToken.None);

        Assert.That(_calls, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task DecideAsync_NoUserMessage_FallsBackWithoutAskingTheClassifier()
    {
        var context = new TierRoutingContext([new ChatMessage(ChatRole.System, "only a system message")], null, new TaskProfile(), Tiers);

        TierDecision decision = await Create().DecideAsync(context, CancellationToken.None);

        Assert.That(decision.Reason, Does.StartWith("the request has no user message to classify"));
        _classifier.VerifyNoOtherCalls();
    }

    [Test]
    public void Ctor_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => _ = new ClassifierTierPolicy(null!, _fallback));
        Assert.Throws<ArgumentNullException>(() => _ = new ClassifierTierPolicy(_classifier.Object, null!));
        Assert.Throws<ArgumentException>(() => _ = new ClassifierTierPolicy(_classifier.Object, _fallback, new ClassifierTierPolicyOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => _ = new ClassifierTierPolicy(_classifier.Object, _fallback, new ClassifierTierPolicyOptions { CacheSize = 0 }));
    }

    [Test]
    public void Name_IsClassifier() => Assert.That(Create().Name, Is.EqualTo("Classifier"));
}
