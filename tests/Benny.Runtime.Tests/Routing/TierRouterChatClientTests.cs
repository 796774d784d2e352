using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Benny.Runtime.Routing;
using Benny.Runtime.Tests.Support;
using Benny.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Benny.Runtime.Tests.Routing;

public sealed class TierRouterChatClientTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger<TierRouterChatClient> _logger = new();
    private readonly Mock<IChatClient> _light = Client("model-light");
    private readonly Mock<IChatClient> _medium = Client("model-medium");
    private readonly Mock<IChatClient> _heavy = Client("model-heavy");
    private readonly ConcurrentQueue<string> _served = new();

    private static Mock<IChatClient> Client(string model)
    {
        var client = new Mock<IChatClient>();
        client.Setup(c => c.GetService(typeof(ChatClientMetadata), null)).Returns(new ChatClientMetadata("fake", null, model));
        return client;
    }

    private void Answers(Mock<IChatClient> client, string text)
        => client
            .Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Callback(() => _served.Enqueue(text))
            .ReturnsAsync(() => new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = "inner" });

    private void Fails(Mock<IChatClient> client, string name)
        => client
            .Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Callback(() => _served.Enqueue(name + "!"))
            .ThrowsAsync(new InvalidOperationException($"{name} is down"));

    private static void Streams(Mock<IChatClient> client, Func<IAsyncEnumerable<ChatResponseUpdate>> stream)
        => client
            .Setup(c => c.GetStreamingResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Returns(stream);

    private static async IAsyncEnumerable<ChatResponseUpdate> Words(string[] words, int failAfter = int.MaxValue, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < words.Length; i++)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            if (i == failAfter)
            {
                throw new InvalidOperationException("stream broke");
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, words[i]);
        }
    }

    private static RuleTierPolicy Always(string tier) => new([], tier);

    private TierRouterChatClient Create(
        ITierPolicy? policy = null,
        TierRouterOptions? options = null,
        IReadOnlyDictionary<string, string>? modelNames = null,
        TestMeterFactory? meters = null)
        => new(
            new Dictionary<string, IChatClient> { ["light"] = _light.Object, ["medium"] = _medium.Object, ["heavy"] = _heavy.Object },
            policy ?? Always("light"),
            options ?? new TierRouterOptions(),
            _logger,
            _time,
            meters,
            modelNames);

    private static TierRouterOptions FallbackOptions(int allowedFails = 100, int maxRetries = 0)
        => new()
        {
            Fallbacks = { ["light"] = ["medium", "heavy"], ["medium"] = ["heavy"] },
            AllowedFails = allowedFails,
            MaxRetries = maxRetries,
        };

    [Test]
    public async Task GetResponseAsync_ChosenTier_AnswersAndReportsTierModelAndReason()
    {
        Answers(_light, "hello");
        using TierRouterChatClient router = Create(new RuleTierPolicy(RuleTierPolicy.DefaultRules));

        ChatResponse response = await router.GetResponseAsync("hi", new ChatOptions().WithTaskProfile(new TaskProfile { Type = "classification" }));

        Assert.That(response.Text, Is.EqualTo("hello"));
        Assert.That(response.ModelId, Is.EqualTo("model-light"));
        Assert.That(response.AdditionalProperties![TierRouterChatClient.TierKey], Is.EqualTo("light"));
        Assert.That(response.AdditionalProperties[TierRouterChatClient.ModelKey], Is.EqualTo("model-light"));
        Assert.That(response.AdditionalProperties[TierRouterChatClient.ReasonKey], Is.EqualTo(
            "task type 'classification' is in [routing, classification, intent_detection, asr_cleanup] (rule light-task-types)"));
        Assert.That(response.AdditionalProperties.ContainsKey(TierRouterChatClient.FallbackFromKey), Is.False);
        Assert.That(response.Messages.Single().AdditionalProperties![TierRouterChatClient.TierKey], Is.EqualTo("light"), "messages carry the route too (Semantic Kernel shows them as Metadata)");
        _heavy.Verify(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task GetResponseAsync_Policy_GetsTheResolvedProfileAndTheTiers()
    {
        Answers(_heavy, "ok");
        var policy = new Mock<ITierPolicy>();
        TierRoutingContext? seen = null;
        policy.SetupGet(p => p.Name).Returns("Spy");
        policy.Setup(p => p.DecideAsync(It.IsAny<TierRoutingContext>(), It.IsAny<CancellationToken>()))
            .Callback((TierRoutingContext c, CancellationToken _) => seen = c)
            .ReturnsAsync(new TierDecision("HEAVY", "spy says so", "Spy"));
        using TierRouterChatClient router = Create(policy.Object);
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")], MaxOutputTokens = 300 };

        ChatResponse response = await router.GetResponseAsync("plan it", options);

        Assert.That(seen!.Profile, Is.EqualTo(new TaskProfile { RequiresTools = true, EstimatedOutputTokens = 300 }));
        Assert.That(seen.Tiers, Is.EquivalentTo(new[] { "light", "medium", "heavy" }));
        Assert.That(seen.Messages.Single().Text, Is.EqualTo("plan it"));
        Assert.That(seen.Options, Is.SameAs(options));
        Assert.That(response.AdditionalProperties![TierRouterChatClient.TierKey], Is.EqualTo("heavy"), "tier names are case-insensitive");
    }

    [Test]
    public async Task GetResponseAsync_ModelNames_ComeFromTheMapElseMetadataElseTheTierName()
    {
        var anonymous = new Mock<IChatClient>();
        anonymous.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new ChatResponse(new ChatMessage(ChatRole.Assistant, "x")));
        Answers(_light, "x");
        Answers(_heavy, "x");
        var tiers = new Dictionary<string, IChatClient> { ["light"] = _light.Object, ["heavy"] = _heavy.Object, ["remote"] = anonymous.Object };
        var names = new Dictionary<string, string> { ["light"] = "benny-route-s" };

        async Task<string?> ModelOf(string tier)
        {
            using var router = new TierRouterChatClient(tiers, Always(tier), new TierRouterOptions(), tierModelNames: names);
            return (await router.GetResponseAsync("x")).ModelId;
        }

        Assert.That(await ModelOf("light"), Is.EqualTo("benny-route-s"));
        Assert.That(await ModelOf("heavy"), Is.EqualTo("model-heavy"));
        Assert.That(await ModelOf("remote"), Is.EqualTo("remote"));
    }

    [Test]
    public async Task GetStreamingResponseAsync_EveryUpdate_CarriesTheServedTierAndModel()
    {
        Streams(_light, () => Words(["a", "b", "c"]));
        using TierRouterChatClient router = Create();

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in router.GetStreamingResponseAsync("hi"))
        {
            updates.Add(update);
        }

        Assert.That(updates.Select(u => u.Text), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(updates.Select(u => u.ModelId), Is.All.EqualTo("model-light"));
        Assert.That(updates.Select(u => u.AdditionalProperties![TierRouterChatClient.TierKey]), Is.All.EqualTo("light"));
        Assert.That(updates.Select(u => u.AdditionalProperties![TierRouterChatClient.ModelKey]), Is.All.EqualTo("model-light"));
        Assert.That(updates.Select(u => u.AdditionalProperties![TierRouterChatClient.ReasonKey]), Is.All.EqualTo("no rule matched; default tier 'light'"));
    }

    [Test]
    public async Task GetResponseAsync_TierFails_TriesItsFallbacksInOrder()
    {
        Fails(_light, "light");
        Fails(_medium, "medium");
        Answers(_heavy, "heavy answer");
        using TierRouterChatClient router = Create(options: FallbackOptions());

        ChatResponse response = await router.GetResponseAsync("hi");

        Assert.That(_served, Is.EqualTo(new[] { "light!", "medium!", "heavy answer" }));
        Assert.That(response.ModelId, Is.EqualTo("model-heavy"));
        Assert.That(response.AdditionalProperties![TierRouterChatClient.TierKey], Is.EqualTo("heavy"));
        Assert.That(response.AdditionalProperties[TierRouterChatClient.FallbackFromKey], Is.EqualTo("light"));
        Assert.That(response.AdditionalProperties[TierRouterChatClient.ReasonKey] as string, Does.StartWith("no rule matched; default tier 'light'; served by fallback tier 'heavy' because light: failed: InvalidOperationException: light is down; medium: failed"));
        Assert.That(_logger.Entries.Count(e => e.Message.Contains("falling back", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public async Task GetResponseAsync_TierThrowsOnTheCall_IsAFailureAndFallsBack()
    {
        _light.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Throws(new InvalidOperationException("light rejects the options"));
        Answers(_medium, "medium answer");
        using TierRouterChatClient router = Create(options: FallbackOptions(maxRetries: 1));

        Task<ChatResponse> pending = router.GetResponseAsync("hi");
        ChatResponse response = await pending;

        Assert.That(response.Text, Is.EqualTo("medium answer"));
        Assert.That(response.AdditionalProperties![TierRouterChatClient.FallbackFromKey], Is.EqualTo("light"));
        Assert.That(response.AdditionalProperties[TierRouterChatClient.ReasonKey] as string, Does.EndWith("light: failed 2 times, last: InvalidOperationException: light rejects the options"));
        _light.Verify(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Test]
    public async Task GetResponseAsync_TierAnswersLater_ServesAndAnnotatesTheAnswer()
    {
        var answer = new TaskCompletionSource<ChatResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _light.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>())).Returns(answer.Task);
        using TierRouterChatClient router = Create(options: FallbackOptions());

        Task<ChatResponse> pending = router.GetResponseAsync("hi");
        Assert.That(pending.IsCompleted, Is.False);
        answer.SetResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "late")));
        ChatResponse response = await pending;

        Assert.That(response.Text, Is.EqualTo("late"));
        Assert.That(response.ModelId, Is.EqualTo("model-light"));
        Assert.That(response.AdditionalProperties![TierRouterChatClient.TierKey], Is.EqualTo("light"));
        Assert.That(response.Messages.Single().AdditionalProperties![TierRouterChatClient.TierKey], Is.EqualTo("light"));
        _medium.Verify(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task GetResponseAsync_TierFailsLater_FallsBack()
    {
        var answer = new TaskCompletionSource<ChatResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _light.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>())).Returns(answer.Task);
        Answers(_medium, "medium answer");
        using TierRouterChatClient router = Create(options: FallbackOptions());

        Task<ChatResponse> pending = router.GetResponseAsync("hi");
        answer.SetException(new TimeoutException("slow"));
        ChatResponse response = await pending;

        Assert.That(response.AdditionalProperties![TierRouterChatClient.TierKey], Is.EqualTo("medium"));
        Assert.That(response.AdditionalProperties[TierRouterChatClient.FallbackFromKey], Is.EqualTo("light"));
    }

    [Test]
    public async Task GetResponseAsync_SameOptionsTwice_SameRouteAndTheOptionsAreNotChanged()
    {
        Answers(_light, "hello");
        using TierRouterChatClient router = Create(new RuleTierPolicy(RuleTierPolicy.DefaultRules));
        ChatOptions options = new ChatOptions().WithTaskProfile(new TaskProfile { Type = "asr_cleanup" });

        ChatResponse first = await router.GetResponseAsync("um hi", options);
        ChatResponse second = await router.GetResponseAsync("uh hello", options);

        Assert.That(second.AdditionalProperties![TierRouterChatClient.ReasonKey], Is.EqualTo(first.AdditionalProperties![TierRouterChatClient.ReasonKey]));
        Assert.That(second.AdditionalProperties[TierRouterChatClient.TierKey], Is.EqualTo("light"));
        Assert.That(options.AdditionalProperties!.Keys, Is.EqualTo(new[] { TaskProfileChatOptionsExtensions.TaskProfileKey }));
        Assert.That(options.GetTaskProfile(), Is.EqualTo(new TaskProfile { Type = "asr_cleanup" }));
    }

    [Test]
    public async Task GetResponseAsync_MaxRetries_RetriesTheSameTierBeforeFallingBack()
    {
        Fails(_light, "light");
        Answers(_medium, "medium answer");
        using TierRouterChatClient router = Create(options: FallbackOptions(maxRetries: 2));

        await router.GetResponseAsync("hi");

        Assert.That(_served, Is.EqualTo(new[] { "light!", "light!", "light!", "medium answer" }));
    }

    [Test]
    public async Task GetResponseAsync_RetrySucceeds_ServesFromTheChosenTier()
    {
        int calls = 0;
        _light.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Returns(() => ++calls == 1 ? Task.FromException<ChatResponse>(new TimeoutException("slow")) : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))));
        using TierRouterChatClient router = Create(options: FallbackOptions(maxRetries: 1));

        ChatResponse response = await router.GetResponseAsync("hi");

        Assert.That(calls, Is.EqualTo(2));
        Assert.That(response.AdditionalProperties![TierRouterChatClient.TierKey], Is.EqualTo("light"));
        Assert.That(response.AdditionalProperties.ContainsKey(TierRouterChatClient.FallbackFromKey), Is.False);
    }

    [Test]
    public async Task GetResponseAsync_AllowedFailsZero_FirstFailureCoolsTheTierDownUntilTheCooldownEnds()
    {
        Fails(_light, "light");
        Answers(_medium, "medium answer");
        using TierRouterChatClient router = Create(options: FallbackOptions(allowedFails: 0));

        await router.GetResponseAsync("one");
        ChatResponse skipped = await router.GetResponseAsync("two");
        _time.Advance(TimeSpan.FromSeconds(29));
        await router.GetResponseAsync("three");
        _time.Advance(TimeSpan.FromSeconds(1));
        await router.GetResponseAsync("four");

        Assert.That(_served, Is.EqualTo(new[] { "light!", "medium answer", "medium answer", "medium answer", "light!", "medium answer" }));
        Assert.That(skipped.AdditionalProperties![TierRouterChatClient.ReasonKey] as string, Does.Contain("light: cooling down until"));
        Assert.That(skipped.AdditionalProperties[TierRouterChatClient.FallbackFromKey], Is.EqualTo("light"));
        Assert.That(_logger.Entries.Count(e => e.Message.Contains("Tier light failed too often", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [TestCase(typeof(NotSupportedException))]
    [TestCase(typeof(ArgumentException))]
    [TestCase(typeof(ArgumentOutOfRangeException))]
    public async Task GetResponseAsync_TierRefusesTheRequest_FallsBackWithoutRetryingOrCoolingTheTierDown(Type refusal)
    {
        _light
            .Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken>((messages, _, _) => _served.Enqueue("light!"))
            .Returns<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken>((messages, _, _) => messages.Last().Text == "tools"
                ? Task.FromException<ChatResponse>((Exception)Activator.CreateInstance(refusal, "this model has no tool-call format")!)
                : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "light answer"))));
        Answers(_medium, "medium answer");
        using TierRouterChatClient router = Create(options: FallbackOptions(allowedFails: 0, maxRetries: 2));

        ChatResponse refused = await router.GetResponseAsync("tools");
        ChatResponse next = await router.GetResponseAsync("plain");

        Assert.That(_served, Is.EqualTo(new[] { "light!", "medium answer", "light!" }), "refused once, not retried; the next request reaches the tier");
        Assert.That(refused.Text, Is.EqualTo("medium answer"));
        Assert.That(refused.AdditionalProperties![TierRouterChatClient.ReasonKey] as string, Does.Contain("light: refused the request"));
        Assert.That(next.Text, Is.EqualTo("light answer"));
        Assert.That(_logger.Entries.Any(e => e.Message.Contains("failed too often", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task GetResponseAsync_TheOnlyTierRefusesTheRequest_ThrowsTierRoutingExceptionWithTheRefusal()
    {
        _light
            .Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new NotSupportedException("no tool-call format"));
        using TierRouterChatClient router = Create(options: new TierRouterOptions { AllowedFails = 0 });

        var error = await Assert.ThrowsAsync<TierRoutingException>(() => router.GetResponseAsync("tools"));

        Assert.That(error!.Message, Does.Contain("light: refused the request: NotSupportedException: no tool-call format"));
        Assert.That(error.InnerException, Is.InstanceOf<NotSupportedException>());
    }

    [Test]
    public async Task GetResponseAsync_AllowedFailsTwo_TheThirdFailureWithinTheWindowCoolsDown()
    {
        Fails(_light, "light");
        Answers(_medium, "m");
        using TierRouterChatClient router = Create(options: FallbackOptions(allowedFails: 2));

        for (int i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            await router.GetResponseAsync("x");
        }

        Assert.That(_served, Is.EqualTo(new[] { "light!", "m", "light!", "m", "light!", "m", "m" }));
    }

    [Test]
    public async Task GetResponseAsync_FailuresSpreadBeyondTheWindow_DoNotCoolDown()
    {
        Fails(_light, "light");
        Answers(_medium, "m");
        TierRouterOptions options = FallbackOptions(allowedFails: 1);
        options.FailureWindow = TimeSpan.FromSeconds(10);
        using TierRouterChatClient router = Create(options: options);

        for (int i = 0; i < 3; i++)
        {
            await router.GetResponseAsync("x");
            _time.Advance(TimeSpan.FromSeconds(11));
        }

        Assert.That(_served.Count(s => s == "light!"), Is.EqualTo(3), "never two failures within 10 s");
    }

    [Test]
    public async Task GetResponseAsync_CooledDownTierWithoutFallbacks_ThrowsTierRoutingExceptionWithoutCallingIt()
    {
        Fails(_heavy, "heavy");
        using TierRouterChatClient router = Create(Always("heavy"));

        var first = await Assert.ThrowsAsync<TierRoutingException>(() => router.GetResponseAsync("x"));
        var second = await Assert.ThrowsAsync<TierRoutingException>(() => router.GetResponseAsync("x"));

        Assert.That(first!.InnerException, Is.TypeOf<InvalidOperationException>());
        Assert.That(second!.Failures.Single().Value, Does.StartWith("cooling down until"));
        Assert.That(second.InnerException, Is.Null);
        Assert.That(_served, Is.EqualTo(new[] { "heavy!" }));
    }

    [Test]
    public async Task GetResponseAsync_EveryTierFails_ThrowsTierRoutingExceptionListingEachTier()
    {
        Fails(_light, "light");
        Fails(_medium, "medium");
        Fails(_heavy, "heavy");
        using TierRouterChatClient router = Create(options: FallbackOptions(maxRetries: 1));

        TierRoutingException? error = await Assert.ThrowsAsync<TierRoutingException>(() => router.GetResponseAsync("x"));

        Assert.That(error!.Failures.Select(f => f.Key), Is.EqualTo(new[] { "light", "medium", "heavy" }));
        Assert.That(error.Failures.Select(f => f.Value), Is.All.StartWith("failed 2 times, last: InvalidOperationException"));
        Assert.That(error.InnerException!.Message, Is.EqualTo("heavy is down"));
        Assert.That(error.Decision.Tier, Is.EqualTo("light"));
        Assert.That(error.Message, Does.Contain("light: failed").And.Contain("medium: failed").And.Contain("heavy: failed"));
    }

    [Test]
    public async Task GetResponseAsync_CallerCancels_IsNeitherRetriedNorFallenBackFrom()
    {
        using var cancellation = new CancellationTokenSource();
        _light.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((IEnumerable<ChatMessage> _, ChatOptions? _, CancellationToken ct) =>
            {
                cancellation.Cancel();
                return Task.FromCanceled<ChatResponse>(ct);
            });
        Answers(_medium, "m");
        using TierRouterChatClient router = Create(options: FallbackOptions(allowedFails: 0, maxRetries: 3));

        await Assert.CatchAsync<OperationCanceledException>(() => router.GetResponseAsync("x", cancellationToken: cancellation.Token));

        _light.Verify(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.That(_served, Is.Empty, "no fallback");
        Answers(_light, "back");
        Assert.That((await router.GetResponseAsync("y")).Text, Is.EqualTo("back"), "a cancellation is not a failure: no cooldown");
    }

    [Test]
    public async Task GetResponseAsync_InnerCancellationWithoutCallerCancellation_IsAFailure()
    {
        _light.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TaskCanceledException("HTTP timeout"));
        Answers(_medium, "m");
        using TierRouterChatClient router = Create(options: FallbackOptions());

        ChatResponse response = await router.GetResponseAsync("x");

        Assert.That(response.AdditionalProperties![TierRouterChatClient.TierKey], Is.EqualTo("medium"));
    }

    [Test]
    public async Task GetStreamingResponseAsync_FailsBeforeTheFirstUpdate_FallsBack()
    {
        Streams(_light, () => Words(["never"], failAfter: 0));
        Streams(_medium, () => Words(["m1", "m2"]));
        using TierRouterChatClient router = Create(options: FallbackOptions());

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in router.GetStreamingResponseAsync("hi"))
        {
            updates.Add(update);
        }

        Assert.That(updates.Select(u => u.Text), Is.EqualTo(new[] { "m1", "m2" }));
        Assert.That(updates.Select(u => u.AdditionalProperties![TierRouterChatClient.TierKey]), Is.All.EqualTo("medium"));
        Assert.That(updates.Select(u => u.AdditionalProperties![TierRouterChatClient.FallbackFromKey]), Is.All.EqualTo("light"));
        Assert.That(updates.Select(u => u.ModelId), Is.All.EqualTo("model-medium"));
    }

    [Test]
    public async Task GetStreamingResponseAsync_ThrowsSynchronously_FallsBack()
    {
        _light.Setup(c => c.GetStreamingResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Throws(new InvalidOperationException("not loaded"));
        Streams(_medium, () => Words(["m"]));
        using TierRouterChatClient router = Create(options: FallbackOptions());

        ChatResponse response = await router.GetStreamingResponseAsync("hi").ToChatResponseAsync();

        Assert.That(response.Text, Is.EqualTo("m"));
    }

    [Test]
    public async Task GetStreamingResponseAsync_FailsAfterTheFirstUpdate_TheErrorReachesTheCaller()
    {
        Streams(_light, () => Words(["a", "b", "c"], failAfter: 1));
        Streams(_medium, () => Words(["m"]));
        using TierRouterChatClient router = Create(options: FallbackOptions(allowedFails: 0));

        List<string> received = [];
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (ChatResponseUpdate update in router.GetStreamingResponseAsync("hi"))
            {
                received.Add(update.Text);
            }
        });

        Assert.That(error!.Message, Is.EqualTo("stream broke"));
        Assert.That(received, Is.EqualTo(new[] { "a" }));
        _medium.Verify(c => c.GetStreamingResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()), Times.Never);

        Answers(_medium, "after");
        Assert.That((await router.GetResponseAsync("next")).AdditionalProperties![TierRouterChatClient.TierKey], Is.EqualTo("medium"), "the failure still counts toward the cooldown");
    }

    [Test]
    public async Task GetStreamingResponseAsync_EveryTierFailsToStart_ThrowsTierRoutingException()
    {
        Streams(_light, () => Words(["x"], failAfter: 0));
        Streams(_medium, () => Words(["x"], failAfter: 0));
        Streams(_heavy, () => Words(["x"], failAfter: 0));
        using TierRouterChatClient router = Create(options: FallbackOptions());

        TierRoutingException? error = await Assert.ThrowsAsync<TierRoutingException>(async () =>
        {
            await foreach (ChatResponseUpdate _ in router.GetStreamingResponseAsync("hi"))
            {
            }
        });

        Assert.That(error!.Failures.Select(f => f.Key), Is.EqualTo(new[] { "light", "medium", "heavy" }));
    }

    [Test]
    public async Task GetStreamingResponseAsync_CallerCancels_IsNotFallenBackFrom()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Streams(_light, () => Words(["a"], cancellationToken: cancellation.Token));
        Streams(_medium, () => Words(["m"]));
        using TierRouterChatClient router = Create(options: FallbackOptions());

        await Assert.CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (ChatResponseUpdate _ in router.GetStreamingResponseAsync("hi", cancellationToken: cancellation.Token))
            {
            }
        });

        _medium.Verify(c => c.GetStreamingResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private void HangsUntilCancelled(Mock<IChatClient> client, List<CancellationToken> tokens)
        => client
            .Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Returns(async (IEnumerable<ChatMessage> _, ChatOptions? _, CancellationToken ct) =>
            {
                tokens.Add(ct);
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, ct);
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "never"));
            });

    private static TierRouterOptions TimedOptions(TimeSpan timeout, int allowedFails = 100)
    {
        TierRouterOptions options = FallbackOptions(allowedFails);
        options.Fallbacks["heavy"] = ["light"];
        options.TierTimeouts["heavy"] = timeout;
        return options;
    }

    [Test]
    public async Task GetResponseAsync_TierThrowsTimeoutException_FallbackAnswersAndTheTierCoolsDown()
    {
        _heavy.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException("heavy timed out"));
        Answers(_light, "light answer");
        using TierRouterChatClient router = Create(Always("heavy"), TimedOptions(TimeSpan.FromSeconds(10), allowedFails: 0));

        ChatResponse first = await router.GetResponseAsync("x");
        ChatResponse second = await router.GetResponseAsync("y");

        Assert.That(first.Text, Is.EqualTo("light answer"));
        Assert.That(first.AdditionalProperties![TierRouterChatClient.ReasonKey] as string, Does.EndWith("heavy: failed: TimeoutException: heavy timed out"));
        Assert.That(second.AdditionalProperties![TierRouterChatClient.ReasonKey] as string, Does.Contain("heavy: cooling down until"));
        _heavy.Verify(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task GetResponseAsync_TierHangsUntilCancelled_FallbackAnswersOnceTheBudgetPassesNotBefore()
    {
        List<CancellationToken> tokens = [];
        HangsUntilCancelled(_heavy, tokens);
        Answers(_light, "light answer");
        using var meters = new TestMeterFactory();
        using TierRouterChatClient router = Create(Always("heavy"), TimedOptions(TimeSpan.FromSeconds(10)), meters: meters);

        Task<ChatResponse> pending = router.GetResponseAsync("x");
        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.That(pending.IsCompleted, Is.False, "the tier still has time");
        Assert.That(_served, Is.Empty);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        ChatResponse response = await pending;

        Assert.That(response.Text, Is.EqualTo("light answer"));
        Assert.That(response.AdditionalProperties![TierRouterChatClient.FallbackFromKey], Is.EqualTo("heavy"));
        Assert.That(response.AdditionalProperties[TierRouterChatClient.ReasonKey] as string, Does.EndWith(
            "heavy: failed: TimeoutException: The tier 'heavy' did not answer within its time budget of 10 s; the attempt was cancelled."));
        Assert.That(tokens.Single().IsCancellationRequested, Is.True, "the hung attempt is told to stop");
        var fallback = meters.Of("benny.router.fallbacks").Single();
        Assert.That((fallback.Tags["benny.tier.from"], fallback.Tags["benny.tier.to"]), Is.EqualTo(("heavy", (object?)"light")));
    }

    [Test]
    public async Task GetResponseAsync_TimedOutTier_CoolsDownForItsWindowThenIsCalledAgain()
    {
        List<CancellationToken> tokens = [];
        HangsUntilCancelled(_heavy, tokens);
        Answers(_light, "light answer");
        using TierRouterChatClient router = Create(Always("heavy"), TimedOptions(TimeSpan.FromSeconds(10), allowedFails: 0));

        Task<ChatResponse> first = router.GetResponseAsync("x");
        _time.Advance(TimeSpan.FromSeconds(10));
        await first;
        _time.Advance(TimeSpan.FromSeconds(29));
        ChatResponse skipped = await router.GetResponseAsync("y");
        Assert.That(tokens, Has.Count.EqualTo(1), "the heavy tier is not called while it cools down");
        _time.Advance(TimeSpan.FromSeconds(1));
        Task<ChatResponse> back = router.GetResponseAsync("z");

        Assert.That(skipped.AdditionalProperties![TierRouterChatClient.ReasonKey] as string, Does.Contain("heavy: cooling down until"));
        Assert.That(tokens, Has.Count.EqualTo(2), "after the cooldown the heavy tier is tried again");
        Assert.That(back.IsCompleted, Is.False);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.That((await back).Text, Is.EqualTo("light answer"));
    }

    [Test]
    public async Task GetResponseAsync_TierIgnoresItsToken_FallbackAnswersWithinTheBudgetAndTheLateErrorIsObserved()
    {
        var unobserved = new ConcurrentQueue<Exception>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.InnerExceptions.Any(x => x.Message == "the ignored tier finally broke"))
            {
                unobserved.Enqueue(e.Exception);
            }
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            await AbandonAnUnresponsiveTierAsync();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }

        Assert.That(unobserved, Is.Empty, "the router observes the error of an attempt it gave up on");
    }

    /// <summary>Routes to a tier that never answers nor stops, then fails that tier's call once the fallback answered.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task AbandonAnUnresponsiveTierAsync()
    {
        var hung = new UnresponsiveChatClient();
        Answers(_light, "light answer");
        using var router = new TierRouterChatClient(
            new Dictionary<string, IChatClient> { ["light"] = _light.Object, ["heavy"] = hung },
            Always("heavy"),
            new TierRouterOptions { Fallbacks = { ["heavy"] = ["light"] }, TierTimeout = TimeSpan.FromSeconds(5) },
            timeProvider: _time);

        Task<ChatResponse> pending = router.GetResponseAsync("x");
        Assert.That(pending.IsCompleted, Is.False);
        _time.Advance(TimeSpan.FromSeconds(5));
        ChatResponse response = await pending;

        Assert.That(response.Text, Is.EqualTo("light answer"));
        Assert.That(hung.Calls, Is.EqualTo(1));
        hung.FailPending(new InvalidOperationException("the ignored tier finally broke"));
    }

    [Test]
    public async Task GetResponseAsync_CallerCancelsWhileATimedTierHangs_IsNotAFailure()
    {
        var hung = new UnresponsiveChatClient();
        Answers(_light, "light answer");
        using var router = new TierRouterChatClient(
            new Dictionary<string, IChatClient> { ["light"] = _light.Object, ["heavy"] = hung },
            Always("heavy"),
            new TierRouterOptions { Fallbacks = { ["heavy"] = ["light"] }, TierTimeout = TimeSpan.FromSeconds(5) },
            timeProvider: _time);
        using var cancellation = new CancellationTokenSource();

        Task<ChatResponse> pending = router.GetResponseAsync("x", cancellationToken: cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.CatchAsync<OperationCanceledException>(() => pending);
        Assert.That(_served, Is.Empty, "no fallback after the caller's cancellation");
        Task<ChatResponse> next = router.GetResponseAsync("y");
        Assert.That(hung.Calls, Is.EqualTo(2), "not cooling down: a cancellation is not a failure");
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.That((await next).Text, Is.EqualTo("light answer"));
    }

    [Test]
    public async Task GetResponseAsync_TierAnswersWithinItsBudget_IsServedAndNotCancelled()
    {
        var answer = new TaskCompletionSource<ChatResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken seen = default;
        _heavy.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((IEnumerable<ChatMessage> _, ChatOptions? _, CancellationToken ct) => seen = ct)
            .Returns(answer.Task);
        using TierRouterChatClient router = Create(Always("heavy"), TimedOptions(TimeSpan.FromSeconds(10)));

        Task<ChatResponse> pending = router.GetResponseAsync("x");
        _time.Advance(TimeSpan.FromSeconds(9));
        answer.SetResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "heavy answer")));
        ChatResponse response = await pending;
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.That(response.AdditionalProperties![TierRouterChatClient.TierKey], Is.EqualTo("heavy"));
        Assert.That(seen.CanBeCanceled, Is.True, "the tier got the budget's token");
        Assert.That(seen.IsCancellationRequested, Is.False, "the budget ends with the answer");
        Assert.That(_served, Is.Empty);
    }

    [Test]
    public async Task GetStreamingResponseAsync_NoFirstUpdateWithinTheBudget_FallsBack()
    {
        Streams(_heavy, () => WaitsForever());
        Streams(_light, () => Words(["l1", "l2"]));
        using TierRouterChatClient router = Create(Always("heavy"), TimedOptions(TimeSpan.FromSeconds(10)));

        Task<ChatResponse> pending = router.GetStreamingResponseAsync("hi").ToChatResponseAsync();
        Assert.That(pending.IsCompleted, Is.False);
        _time.Advance(TimeSpan.FromSeconds(10));
        ChatResponse response = await pending;

        Assert.That(response.Text, Is.EqualTo("l1l2"));
        Assert.That(response.AdditionalProperties![TierRouterChatClient.FallbackFromKey], Is.EqualTo("heavy"));
        Assert.That(response.AdditionalProperties[TierRouterChatClient.ReasonKey] as string, Does.Contain("heavy: failed: TimeoutException"));

        async IAsyncEnumerable<ChatResponseUpdate> WaitsForever([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "never");
        }
    }

    [Test]
    public async Task GetStreamingResponseAsync_SlowAfterTheFirstUpdate_IsNotCutByTheBudget()
    {
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken seen = default;
        Streams(_heavy, () => FirstThenWaits());
        Streams(_light, () => Words(["l"]));
        using TierRouterChatClient router = Create(Always("heavy"), TimedOptions(TimeSpan.FromSeconds(10)));

        List<string> received = [];
        await foreach (ChatResponseUpdate update in router.GetStreamingResponseAsync("hi"))
        {
            received.Add(update.Text);
            if (received.Count == 1)
            {
                _time.Advance(TimeSpan.FromMinutes(5));
                resume.SetResult();
            }
        }

        Assert.That(received, Is.EqualTo(new[] { "h1", "h2" }));
        Assert.That(seen.IsCancellationRequested, Is.False, "the budget covers the time to the first update only");
        _light.Verify(c => c.GetStreamingResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()), Times.Never);

        async IAsyncEnumerable<ChatResponseUpdate> FirstThenWaits([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            seen = cancellationToken;
            yield return new ChatResponseUpdate(ChatRole.Assistant, "h1");
            await resume.Task.WaitAsync(cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "h2");
        }
    }

    [Test]
    public async Task GetStreamingResponseAsync_CallerCancelsAfterTheFirstUpdateOfATimedTier_TheStreamStops()
    {
        using var cancellation = new CancellationTokenSource();
        Streams(_heavy, () => Words(["a", "b", "c"]));
        using TierRouterChatClient router = Create(Always("heavy"), TimedOptions(TimeSpan.FromSeconds(10)));

        List<string> received = [];
        await Assert.CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (ChatResponseUpdate update in router.GetStreamingResponseAsync("hi", cancellationToken: cancellation.Token))
            {
                received.Add(update.Text);
                await cancellation.CancelAsync();
            }
        });

        Assert.That(received, Is.EqualTo(new[] { "a" }), "the caller's token still reaches the tier through the attempt's token");
    }

    [Test]
    public void Ctor_InvalidTimeouts_Throw()
    {
        var tiers = new Dictionary<string, IChatClient> { ["light"] = _light.Object };

        var zero = Assert.Throws<ArgumentException>(() => _ = new TierRouterChatClient(tiers, Always("light"), new TierRouterOptions { TierTimeout = TimeSpan.Zero }));
        var unknown = Assert.Throws<ArgumentException>(() => _ = new TierRouterChatClient(tiers, Always("light"), new TierRouterOptions { TierTimeouts = { ["heavy"] = TimeSpan.FromSeconds(1) } }));

        Assert.That(zero!.Message, Does.Contain("options:TierTimeout is 00:00:00; it must be positive"));
        Assert.That(unknown!.Message, Does.Contain("options:TierTimeouts:heavy sets the time budget of 'heavy', which is not a configured tier"));
    }

    [Test]
    public async Task GetResponseAsync_PolicyChoosesAnUnknownTier_ThrowsInvalidOperationException()
    {
        using TierRouterChatClient router = Create(Always("gigantic"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => router.GetResponseAsync("x"));

        Assert.That(error!.Message, Does.Contain("'gigantic', which is not configured"));
    }

    [Test]
    public async Task GetResponseAsync_Telemetry_RecordsAnActivityWithTheRouteTags()
    {
        Fails(_light, "light");
        Answers(_medium, "m");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TierRouterChatClient.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var parent = new Activity("test").Start();
        using TierRouterChatClient router = Create(options: FallbackOptions());

        await router.GetResponseAsync("x");

        Activity activity = stopped.Single(a => a.TraceId == parent.TraceId);
        Assert.That(activity.OperationName, Is.EqualTo("benny.route"));
        Assert.That(activity.GetTagItem("benny.tier"), Is.EqualTo("medium"));
        Assert.That(activity.GetTagItem("benny.route.policy"), Is.EqualTo("Rules"));
        Assert.That(activity.GetTagItem("benny.route.reason") as string, Does.StartWith("no rule matched"));
        Assert.That(activity.GetTagItem("gen_ai.operation.name"), Is.EqualTo("chat"));
        Assert.That(activity.GetTagItem("gen_ai.request.model"), Is.EqualTo("model-medium"));
        Assert.That(activity.GetTagItem("benny.route.fallbacks"), Is.EqualTo(1));
    }

    [Test]
    public async Task GetResponseAsync_TelemetryOnFailure_MarksTheActivityAsAnError()
    {
        Fails(_light, "light");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TierRouterChatClient.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var parent = new Activity("test").Start();
        using TierRouterChatClient router = Create();

        await Assert.ThrowsAsync<TierRoutingException>(() => router.GetResponseAsync("x"));

        Activity activity = stopped.Single(a => a.TraceId == parent.TraceId);
        Assert.That(activity.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(activity.GetTagItem("error.type"), Is.EqualTo(typeof(TierRoutingException).FullName));
    }

    [Test]
    public async Task GetResponseAsync_Metrics_CountRequestsFallbacksAndTimeDecisions()
    {
        using var meters = new TestMeterFactory();
        Fails(_light, "light");
        Answers(_medium, "m");
        Answers(_heavy, "h");
        using TierRouterChatClient router = Create(new RuleTierPolicy(RuleTierPolicy.DefaultRules), FallbackOptions(), meters: meters);

        await router.GetResponseAsync("x", new ChatOptions().WithTaskProfile(new TaskProfile { Type = "routing" }));
        await router.GetResponseAsync("y");

        Assert.That(meters.Of("benny.router.requests").Select(m => (m.Value, m.Tags["benny.tier"])), Is.EqualTo(new (double, object?)[] { (1, "medium"), (1, "heavy") }));
        var fallback = meters.Of("benny.router.fallbacks").Single();
        Assert.That((fallback.Tags["benny.tier.from"], fallback.Tags["benny.tier.to"]), Is.EqualTo(("light", (object?)"medium")));
        Assert.That(meters.Of("benny.router.decision.duration").Select(m => m.Tags["benny.route.policy"]), Is.EqualTo(new[] { "Rules", "Rules" }));
    }

    [Test]
    public void GetService_ReturnsMetadataAndItselfOnly()
    {
        using TierRouterChatClient router = Create();

        Assert.That(router.GetService<ChatClientMetadata>()!.ProviderName, Is.EqualTo("benny-router"));
        Assert.That(router.GetService<TierRouterChatClient>(), Is.SameAs(router));
        Assert.That(router.GetService<IChatClient>(), Is.SameAs(router));
        Assert.That(router.GetService(typeof(ChatClientMetadata), "key"), Is.Null);
        Assert.That(router.GetService<string>(), Is.Null);
        Assert.Throws<ArgumentNullException>(() => router.GetService(null!));
    }

    [Test]
    public void Ctor_InvalidArguments_Throw()
    {
        var tiers = new Dictionary<string, IChatClient> { ["light"] = _light.Object };
        Assert.Throws<ArgumentNullException>(() => _ = new TierRouterChatClient(null!, Always("light"), new TierRouterOptions()));
        Assert.Throws<ArgumentNullException>(() => _ = new TierRouterChatClient(tiers, null!, new TierRouterOptions()));
        Assert.Throws<ArgumentNullException>(() => _ = new TierRouterChatClient(tiers, Always("light"), null!));
        Assert.Throws<ArgumentNullException>(() => _ = new TierRouterChatClient(new Dictionary<string, IChatClient> { ["x"] = null! }, Always("x"), new TierRouterOptions()));
        Assert.Throws<ArgumentException>(() => _ = new TierRouterChatClient(new Dictionary<string, IChatClient>(), Always("light"), new TierRouterOptions()));
        Assert.Throws<ArgumentException>(() => _ = new TierRouterChatClient(
            new Dictionary<string, IChatClient>(StringComparer.Ordinal) { ["light"] = _light.Object, ["LIGHT"] = _heavy.Object }, Always("light"), new TierRouterOptions()));

        var unknownFallback = Assert.Throws<ArgumentException>(() => _ = new TierRouterChatClient(tiers, Always("light"), new TierRouterOptions { Fallbacks = { ["light"] = ["heavy"] } }));
        Assert.That(unknownFallback!.Message, Does.Contain("options:Fallbacks:light:0 names 'heavy', which is not a configured tier"));
        Assert.Throws<ArgumentException>(() => _ = new TierRouterChatClient(tiers, Always("light"), new TierRouterOptions { MaxRetries = -1 }));
        Assert.Throws<ArgumentException>(() => _ = new TierRouterChatClient(tiers, Always("light"), new TierRouterOptions { FailureWindow = TimeSpan.Zero }));
    }

    [Test]
    public void GetResponseAsync_NullMessages_ThrowsArgumentNullException()
    {
        using TierRouterChatClient router = Create();

        Assert.Throws<ArgumentNullException>(() => _ = router.GetResponseAsync(null!));
        Assert.Throws<ArgumentNullException>(() => _ = router.GetStreamingResponseAsync(null!));
    }
}
