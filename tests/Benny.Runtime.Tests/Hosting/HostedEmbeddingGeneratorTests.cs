using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Benny.Runtime.Tests.Hosting;

public sealed class HostedEmbeddingGeneratorTests
{
    private readonly FakeEngineProvider _provider = new();
    private readonly FakeTimeProvider _time = new();

    private ModelHost CreateHost(TimeSpan keepAlive, params IEngineProvider[] providers)
    {
        ModelRegistry registry = ModelRegistry.Create(
        [
            new ModelDefinition { Name = "benny-route-s", Engine = "fake", Path = "/models/embed/a.gguf", Embeddings = true },
            new ModelDefinition { Name = "benny-tool-s", AliasOf = "benny-route-s" },
            new ModelDefinition { Name = "benny-clean-s", Engine = "fake", Path = "/models/embed/b.gguf" },
            new ModelDefinition { Name = "benny-clean-m", AliasOf = "benny-clean-s" },
            new ModelDefinition { Name = "embed-only", Engine = "fake", Path = "/models/embed/c.gguf", Embeddings = true, Chat = false },
            new ModelDefinition { Name = "ov-embed", Engine = "openvino", Path = "/models/embed/ov", Embeddings = true },
        ]);
        return new ModelHost(registry, providers.Length == 0 ? [_provider, new FakeEngineProvider("openvino") { SupportsEmbeddings = false }] : providers, new ModelHostOptions { KeepAlive = keepAlive }, timeProvider: _time);
    }

    [Test]
    public async Task Ctor_NullArguments_ThrowArgumentNullException()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);

        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentNullException>(() => _ = new HostedEmbeddingGenerator(null!, "benny-route-s"));
            Assert.Throws<ArgumentNullException>(() => _ = new HostedEmbeddingGenerator(host, null!));
        });
    }

    [Test]
    public async Task Ctor_UnknownModel_ThrowsUnknownModelExceptionListingTheNames()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);

        UnknownModelException? error = Assert.Throws<UnknownModelException>(() => _ = new HostedEmbeddingGenerator(host, "benny-nope-s"));

        Assert.That(error!.Message, Does.Contain("benny-nope-s").And.Contain("benny-route-s"));
    }

    [Test]
    public async Task Ctor_EntryWithoutEmbeddings_ThrowsNamingTheSettingToAdd()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);

        InvalidOperationException? error = Assert.Throws<InvalidOperationException>(() => _ = new HostedEmbeddingGenerator(host, "benny-clean-s"));

        Assert.That(error!.Message, Does.Contain("'benny-clean-s'").And.Contain("Benny:Models:benny-clean-s:Embeddings"));
        Assert.That(_provider.LoadCount, Is.Zero);
    }

    [Test]
    public async Task Ctor_AliasOfEntryWithoutEmbeddings_NamesTheTargetsSetting()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);

        InvalidOperationException? error = Assert.Throws<InvalidOperationException>(() => _ = new HostedEmbeddingGenerator(host, "benny-clean-m"));

        Assert.That(error!.Message, Does.Contain("'benny-clean-m'").And.Contain("Benny:Models:benny-clean-s:Embeddings"));
    }

    [Test]
    public async Task Ctor_EngineWithoutEmbeddings_ThrowsNotSupportedNamingModelAndEngine()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);

        NotSupportedException? error = Assert.Throws<NotSupportedException>(() => _ = new HostedEmbeddingGenerator(host, "ov-embed"));

        Assert.That(error!.Message, Does.Contain("'ov-embed'").And.Contain("'openvino'"));
    }

    [Test]
    public async Task GenerateAsync_ModelWithChat_SharesOneLoadWithTheChatClient()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        using var chat = new HostedChatClient(host, "benny-route-s");
        using var embeddings = new HostedEmbeddingGenerator(host, "benny-route-s");

        await chat.GetResponseAsync("hi");
        GeneratedEmbeddings<Embedding<float>> result = await embeddings.GenerateAsync(["abc", "hello"]);

        Assert.Multiple(() =>
        {
            Assert.That(_provider.LoadCount, Is.EqualTo(1));
            Assert.That(host.GetLoadedModels(), Has.Count.EqualTo(1));
            Assert.That(result.Select(e => e.Vector.ToArray()), Is.EqualTo(new[] { new float[] { 3, 0 }, new float[] { 5, 1 } }));
            Assert.That(result.Usage?.InputTokenCount, Is.EqualTo(8), "the engine's usage comes through");
            Assert.That(_provider.Models.Single().FakeChatClient.Requests, Is.EqualTo(1));
            Assert.That(_provider.Models.Single().FakeEmbeddingGenerator!.Calls, Is.EqualTo(1));
            Assert.That(host.GetLoadedModels().Single().ActiveLeases, Is.Zero, "the call's lease is released");
        });
    }

    [Test]
    public async Task GenerateAsync_Alias_UsesItsTargetsInstance()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        using var target = new HostedEmbeddingGenerator(host, "benny-route-s");
        using var alias = new HostedEmbeddingGenerator(host, "BENNY-TOOL-S");

        await target.GenerateAsync(["a"]);
        await alias.GenerateAsync(["b"]);

        Assert.Multiple(() =>
        {
            Assert.That(alias.ModelName, Is.EqualTo("benny-tool-s"));
            Assert.That(_provider.LoadCount, Is.EqualTo(1));
            Assert.That(_provider.Models.Single().FakeEmbeddingGenerator!.Calls, Is.EqualTo(2));
            Assert.That(host.GetLoadedModels().Single().ModelNames, Is.EqualTo(new[] { "benny-route-s", "benny-tool-s" }));
        });
    }

    [Test]
    public async Task GenerateAsync_DuringTheCall_HoldsALease()
    {
        await using ModelHost host = CreateHost(TimeSpan.Zero);
        using var embeddings = new HostedEmbeddingGenerator(host, "benny-route-s");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.EmbeddingGate = gate;

        Task<GeneratedEmbeddings<Embedding<float>>> pending = embeddings.GenerateAsync(["held"]);
        await _provider.LoadStarted.Task;
        while (_provider.Models.Count == 0)
        {
            await Task.Yield();
        }

        await _provider.Models[0].FakeEmbeddingGenerator!.Started.Task;
        Assert.That(host.GetLoadedModels().Single().ActiveLeases, Is.EqualTo(1), "keep-alive zero, yet loaded while the call runs");
        gate.SetResult();
        await pending;

        Assert.Multiple(() =>
        {
            Assert.That(host.GetLoadedModels(), Is.Empty, "keep-alive zero: unloaded once the call released its lease");
            Assert.That(_provider.Models[0].IsDisposed, Is.True);
        });
    }

    [Test]
    public async Task GenerateAsync_AfterIdleUnload_LoadsTheModelAgain()
    {
        await using ModelHost host = CreateHost(TimeSpan.FromMinutes(5));
        using var embeddings = new HostedEmbeddingGenerator(host, "benny-route-s");
        await embeddings.GenerateAsync(["one"]);

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.That(host.GetLoadedModels(), Is.Empty, "unloaded after the keep-alive");
        GeneratedEmbeddings<Embedding<float>> again = await embeddings.GenerateAsync(["two"]);

        Assert.Multiple(() =>
        {
            Assert.That(_provider.LoadCount, Is.EqualTo(2));
            Assert.That(_provider.Models[0].IsDisposed, Is.True);
            Assert.That(_provider.Models[0].FakeEmbeddingGenerator!.IsDisposed, Is.True);
            Assert.That(_provider.Models[1].FakeEmbeddingGenerator!.Calls, Is.EqualTo(1));
            Assert.That(again.Single().Vector.ToArray(), Is.EqualTo(new float[] { 3, 0 }));
        });
    }

    [Test]
    public async Task GenerateAsync_NullValues_ThrowsArgumentNullException()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        using var embeddings = new HostedEmbeddingGenerator(host, "benny-route-s");

        Assert.Throws<ArgumentNullException>(() => embeddings.GenerateAsync(null!));
    }

    [Test]
    public async Task GenerateAsync_EngineWithoutGenerator_FailsNamingTheEngine()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        using var embeddings = new HostedEmbeddingGenerator(host, "benny-route-s");
        _provider.OmitEmbeddingGenerator = true;

        InvalidOperationException? error = await Assert.ThrowsAsync<InvalidOperationException>(() => embeddings.GenerateAsync(["x"]));

        Assert.That(error!.Message, Does.Contain("'fake'").And.Contain("'benny-route-s'"));
        Assert.That(host.GetLoadedModels().Single().ActiveLeases, Is.Zero, "the failed call released its lease");
    }

    [Test]
    public async Task EmbeddingOnlyModel_ChatRequests_FailWithoutLoading()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        using var chat = new HostedChatClient(host, "embed-only");

        NotSupportedException? error = await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync("hi"));
        NotSupportedException? streamError = await Assert.ThrowsAsync<NotSupportedException>(async () =>
        {
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("hi"))
            {
                _ = update;
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("'embed-only'").And.Contain("Benny:Models:embed-only:Chat"));
            Assert.That(streamError!.Message, Is.EqualTo(error.Message));
            Assert.That(_provider.LoadCount, Is.Zero);
        });
    }

    [Test]
    public async Task EmbeddingOnlyModel_Embeddings_LoadAndGetServiceReachesTheGenerator()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        using var embeddings = new HostedEmbeddingGenerator(host, "embed-only");
        using var chat = new HostedChatClient(host, "embed-only");

        await embeddings.GenerateAsync(["abc"]);

        Assert.Multiple(() =>
        {
            Assert.That(_provider.LoadCount, Is.EqualTo(1));
            Assert.That(chat.GetService<EmbeddingGeneratorMetadata>(), Is.InstanceOf<EmbeddingGeneratorMetadata>(), "engine services come from the generator, not the missing chat client");
            Assert.That(chat.GetService<FakeChatClient>(), Is.Null);
        });
    }

    [Test]
    public async Task GetService_BeforeAndAfterLoad_AnswersOwnMetadataAndEngineServices()
    {
        await using ModelHost host = CreateHost(Timeout.InfiniteTimeSpan);
        using var embeddings = new HostedEmbeddingGenerator(host, "benny-tool-s");

        Assert.Multiple(() =>
        {
            Assert.That(embeddings.GetService<EmbeddingGeneratorMetadata>()?.ProviderName, Is.EqualTo("benny"));
            Assert.That(embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId, Is.EqualTo("benny-tool-s"));
            Assert.That(embeddings.GetService<ModelHost>(), Is.SameAs(host));
            Assert.That(embeddings.GetService<FakeEmbeddingGenerator>(), Is.Null, "nothing is loaded yet");
            Assert.That(embeddings.GetService<EmbeddingGeneratorMetadata>("other"), Is.Null);
        });

        await embeddings.GenerateAsync(["x"]);

        Assert.Multiple(() =>
        {
            Assert.That(embeddings.GetService<FakeEmbeddingGenerator>(), Is.SameAs(_provider.Models.Single().FakeEmbeddingGenerator));
            Assert.That(embeddings.GetService<EmbeddingGeneratorMetadata>(HostedChatClient.EngineServiceKey)?.ProviderName, Is.EqualTo("fake-engine"));
        });
    }
}
