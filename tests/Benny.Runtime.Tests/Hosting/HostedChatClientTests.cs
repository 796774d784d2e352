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
}
