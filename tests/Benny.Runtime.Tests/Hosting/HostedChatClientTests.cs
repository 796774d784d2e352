using System.Runtime.CompilerServices;
using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Benny.Runtime.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Benny.Runtime.Tests.Hosting;

public sealed class HostedChatClientTests
{
    private readonly FakeEngineProvider _provider = new();
    private readonly ListLogger<HostedChatClient> _logger = new();

    private ModelHost CreateHost(TimeSpan keepAlive)
    {
        ModelRegistry registry = ModelRegistry.Create(
        [
            new ModelDefinition { Name = "benny-route-s", Engine = "fake", Path = "/models/client/a.gguf" },
            new ModelDefinition { Name = "benny-tool-s", AliasOf = "benny-route-s" },
        ]);
        return new ModelHost(registry, [_provider], new ModelHostOptions { KeepAlive = keepAlive }, timeProvider: new FakeTimeProvider());
    }

    [Test]
    public async Task Ctor_NullArguments_ThrowArgumentNullException()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);

        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentNullException>(() => _ = new HostedChatClient(null!, "benny-route-s"));
            Assert.Throws<ArgumentNullException>(() => _ = new HostedChatClient(host, null!));
        });
    }

    [Test]
    public async Task Ctor_UnknownModel_ThrowsUnknownModelException()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);

        Assert.Throws<UnknownModelException>(() => _ = new HostedChatClient(host, "benny-nope-s"));
    }

    [Test]
    public async Task GetResponseAsync_LoadedModel_ForwardsRequestAndReleasesLease()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        using var client = new HostedChatClient(host, "benny-tool-s", _logger);

        ChatResponse response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.Multiple(() =>
        {
            Assert.That(response.Text, Is.EqualTo("ok"));
            Assert.That(_provider.Models.Single().FakeChatClient.Requests, Is.EqualTo(1));
            Assert.That(host.GetLoadedModels().Single().ActiveLeases, Is.Zero);
            Assert.That(_logger.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
                e => e.Message.Contains("benny-tool-s", StringComparison.Ordinal) && e.Message.Contains("input tokens 3", StringComparison.Ordinal) && e.Message.Contains("output tokens 2", StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task GetResponseAsync_NullMessages_ThrowsArgumentNullException()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        using var client = new HostedChatClient(host, "benny-route-s");

        await Assert.ThrowsAsync<ArgumentNullException>(async () => await client.GetResponseAsync(null!));
    }

    [Test]
    public async Task GetStreamingResponseAsync_DuringEnumeration_HoldsLeaseUntilEnd()
    {
        await using ModelHost host = CreateHost(TimeSpan.Zero);
        using var client = new HostedChatClient(host, "benny-route-s", _logger);
        IAsyncEnumerator<ChatResponseUpdate> updates = client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]).GetAsyncEnumerator();
        var texts = new List<string>();

        Assert.That(await updates.MoveNextAsync(), Is.True);
        texts.Add(updates.Current.Text);
        FakeEngineModel model = _provider.Models.Single();
        Assert.Multiple(() =>
        {
            Assert.That(model.IsDisposed, Is.False);
            Assert.That(host.GetLoadedModels().Single().ActiveLeases, Is.EqualTo(1));
        });
        while (await updates.MoveNextAsync())
        {
            texts.Add(updates.Current.Text);
        }

        await updates.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(string.Concat(texts), Is.EqualTo("ab"));
            Assert.That(model.IsDisposed, Is.True);
            Assert.That(_logger.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
                e => e.Message.Contains("input tokens 5", StringComparison.Ordinal) && e.Message.Contains("output tokens 2", StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task GetStreamingResponseAsync_EnumerationAbandoned_ReleasesLease()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        using var client = new HostedChatClient(host, "benny-route-s");
        IAsyncEnumerator<ChatResponseUpdate> updates = client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]).GetAsyncEnumerator();
        Assert.That(await updates.MoveNextAsync(), Is.True);

        await updates.DisposeAsync();

        Assert.That(host.GetLoadedModels().Single().ActiveLeases, Is.Zero);
    }

    [Test]
    public async Task GetStreamingResponseAsync_NullMessages_ThrowsBeforeEnumeration()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        using var client = new HostedChatClient(host, "benny-route-s");

        Assert.Throws<ArgumentNullException>(() => client.GetStreamingResponseAsync(null!));
    }

    [Test]
    public async Task GetService_Metadata_ReturnsBennyProviderAndModelName()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        using var client = new HostedChatClient(host, "BENNY-ROUTE-S");

        ChatClientMetadata? metadata = client.GetService<ChatClientMetadata>();

        Assert.Multiple(() =>
        {
            Assert.That(metadata?.ProviderName, Is.EqualTo("benny"));
            Assert.That(metadata?.DefaultModelId, Is.EqualTo("benny-route-s"));
        });
    }

    [Test]
    public async Task GetService_OwnTypesAndHost_ReturnsThemAndNullForOthers()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        using var client = new HostedChatClient(host, "benny-route-s");

        Assert.Multiple(() =>
        {
            Assert.That(client.GetService(typeof(HostedChatClient)), Is.SameAs(client));
            Assert.That(client.GetService(typeof(IChatClient)), Is.SameAs(client));
            Assert.That(client.GetService(typeof(ModelHost)), Is.SameAs(host));
            Assert.That(client.GetService(typeof(string)), Is.Null);
            Assert.That(client.GetService(typeof(ChatClientMetadata), "key"), Is.Null);
            Assert.That(client.GetService(typeof(HostedChatClient), "key"), Is.Null);
            Assert.Throws<ArgumentNullException>(() => client.GetService(null!));
        });
    }

    [Test]
    public async Task Dispose_AfterRequest_LeavesSharedInstanceLoaded()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        var client = new HostedChatClient(host, "benny-route-s");
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        client.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(_provider.Models.Single().IsDisposed, Is.False);
            Assert.That(host.GetLoadedModels(), Has.Count.EqualTo(1));
        });
    }

    private static readonly ChatMessage[] Hi = [new(ChatRole.User, "hi")];

    /// <summary>A client over a host whose model answers as <paramref name="script"/> says; loaded by a first request when <paramref name="loadedBefore"/>.</summary>
    private async Task<(ModelHost Host, HostedChatClient Client)> ScriptedAsync(bool loadedBefore, Action<FakeChatClient> script)
    {
        ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        var client = new HostedChatClient(host, "benny-route-s");
        if (loadedBefore)
        {
            await client.GetResponseAsync(Hi);
            script(_provider.Models.Single().FakeChatClient);
        }
        else
        {
            _provider.ConfigureClient = script;
        }

        return (host, client);
    }

    private static int ActiveLeases(ModelHost host) => host.GetLoadedModels().Single().ActiveLeases;

    [TestCase(false)]
    [TestCase(true)]
    public async Task GetResponseAsync_EngineAnswersLater_HoldsTheLeaseUntilTheAnswer(bool loadedBefore)
    {
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource<ChatResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        (ModelHost host, HostedChatClient client) = await ScriptedAsync(loadedBefore, engine => engine.Respond = _ =>
        {
            called.TrySetResult();
            return answer.Task;
        });
        await using (host)
        {
            Task<ChatResponse> response = client.GetResponseAsync(Hi);
            await called.Task;
            Assert.That(ActiveLeases(host), Is.EqualTo(1));

            answer.SetResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "later")));

            Assert.That((await response).Text, Is.EqualTo("later"));
            Assert.That(ActiveLeases(host), Is.Zero);
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task GetResponseAsync_EngineThrowsOnTheCall_FailsTheTaskAndReleasesTheLease(bool loadedBefore)
    {
        (ModelHost host, HostedChatClient client) = await ScriptedAsync(loadedBefore, engine => engine.Respond = _ => throw new InvalidOperationException("bad options"));
        await using (host)
        {
            Task<ChatResponse> response = client.GetResponseAsync(Hi);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await response);
            Assert.That(error!.Message, Is.EqualTo("bad options"));
            Assert.That(ActiveLeases(host), Is.Zero);
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task GetResponseAsync_EngineFailsLater_ReleasesTheLease(bool loadedBefore)
    {
        var answer = new TaskCompletionSource<ChatResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        (ModelHost host, HostedChatClient client) = await ScriptedAsync(loadedBefore, engine => engine.Respond = _ => answer.Task);
        await using (host)
        {
            Task<ChatResponse> response = client.GetResponseAsync(Hi);
            answer.SetException(new InvalidOperationException("decode failed"));

            await Assert.ThrowsAsync<InvalidOperationException>(async () => await response);
            Assert.That(ActiveLeases(host), Is.Zero);
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task GetResponseAsync_CallerCancelsWhileTheEngineAnswers_IsCancelledAndReleasesTheLease(bool loadedBefore)
    {
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        (ModelHost host, HostedChatClient client) = await ScriptedAsync(loadedBefore, engine => engine.Respond = async cancellationToken =>
        {
            called.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new ChatResponse();
        });
        await using (host)
        {
            using var cancellation = new CancellationTokenSource();
            Task<ChatResponse> response = client.GetResponseAsync(Hi, cancellationToken: cancellation.Token);
            await called.Task;

            await cancellation.CancelAsync();

            Assert.That(async () => await response, Throws.InstanceOf<OperationCanceledException>());
            Assert.That(response.IsCanceled, Is.True);
            Assert.That(ActiveLeases(host), Is.Zero);
        }
    }

    [Test]
    public async Task GetResponseAsync_EngineThrowsOperationCanceledOnTheCall_TheTaskIsCanceledAsAnAsyncMethodsWouldBe()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        (ModelHost host, HostedChatClient client) = await ScriptedAsync(loadedBefore: true, engine => engine.Respond = cancellationToken => throw new OperationCanceledException(cancellationToken));
        await using (host)
        {
            Task<ChatResponse> response = client.GetResponseAsync(Hi, cancellationToken: cancellation.Token);

            Assert.That(response.IsCanceled, Is.True);
            await Assert.ThrowsAsync<OperationCanceledException>(async () => await response);
            Assert.That(ActiveLeases(host), Is.Zero);
        }
    }

    [Test]
    public async Task GetResponseAsync_ModelUnloadedBetweenRequests_LoadsItAgain()
    {
        await using ModelHost host = CreateHost(TimeSpan.Zero);
        using var client = new HostedChatClient(host, "benny-route-s");

        await client.GetResponseAsync(Hi);
        await client.GetResponseAsync(Hi);

        Assert.Multiple(() =>
        {
            Assert.That(_provider.LoadCount, Is.EqualTo(2), "keep-alive zero unloads after each request");
            Assert.That(_provider.Models.Select(m => m.IsDisposed), Is.EqualTo(new[] { true, true }));
            Assert.That(_provider.Models.Select(m => m.FakeChatClient.Requests), Is.EqualTo(new[] { 1, 1 }));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task GetStreamingResponseAsync_EngineFailsMidStream_TheErrorReachesTheCallerAndTheLeaseIsReleased(bool loadedBefore)
    {
        (ModelHost host, HostedChatClient client) = await ScriptedAsync(loadedBefore, engine => engine.Stream = _ => FailingAfterOne());
        await using (host)
        {
            await using IAsyncEnumerator<ChatResponseUpdate> updates = client.GetStreamingResponseAsync(Hi).GetAsyncEnumerator();
            Assert.That(await updates.MoveNextAsync(), Is.True);
            Assert.That(ActiveLeases(host), Is.EqualTo(1));

            await Assert.ThrowsAsync<InvalidOperationException>(async () => await updates.MoveNextAsync());
            Assert.That(ActiveLeases(host), Is.Zero);
        }

        static async IAsyncEnumerable<ChatResponseUpdate> FailingAfterOne()
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "a");
            throw new InvalidOperationException("decode failed");
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task GetStreamingResponseAsync_CallerCancelsMidStream_TheLeaseIsReleased(bool loadedBefore)
    {
        (ModelHost host, HostedChatClient client) = await ScriptedAsync(loadedBefore, engine => engine.Stream = cancellationToken => WaitingAfterOne(cancellationToken));
        await using (host)
        {
            using var cancellation = new CancellationTokenSource();
            await using IAsyncEnumerator<ChatResponseUpdate> updates = client.GetStreamingResponseAsync(Hi, cancellationToken: cancellation.Token).GetAsyncEnumerator();
            Assert.That(await updates.MoveNextAsync(), Is.True);
            ValueTask<bool> next = updates.MoveNextAsync();

            await cancellation.CancelAsync();

            Assert.That(async () => await next, Throws.InstanceOf<OperationCanceledException>());
            Assert.That(ActiveLeases(host), Is.Zero);
        }

        static async IAsyncEnumerable<ChatResponseUpdate> WaitingAfterOne([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "a");
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "never");
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task GetStreamingResponseAsync_EngineThrowsOnTheCall_TheErrorReachesTheCallerAndTheLeaseIsReleased(bool loadedBefore)
    {
        (ModelHost host, HostedChatClient client) = await ScriptedAsync(loadedBefore, engine => engine.Stream = _ => throw new InvalidOperationException("bad options"));
        await using (host)
        {
            await using IAsyncEnumerator<ChatResponseUpdate> updates = client.GetStreamingResponseAsync(Hi).GetAsyncEnumerator();

            await Assert.ThrowsAsync<InvalidOperationException>(async () => await updates.MoveNextAsync());
            Assert.That(ActiveLeases(host), Is.Zero);
        }
    }
}
