using Benny.Engines.Gguf.Tests.Support;
using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Benny.Engines.Gguf.Tests;

/// <summary>
/// Registry models with <c>"Embeddings": true</c> on the real stories260K model: the keyed generator from DI runs on the
/// chat client's loaded weights (one load), aliases share it, embedding-only entries load no chat context, idle unloads
/// reload, and the <c>Embedding*</c> settings reach the engine.
/// </summary>
public class RegistryEmbeddingsTests
{
    private static readonly string[] Texts = ["Once upon a time", "The cat sat on the mat.", "Lily went to the park with her mom and saw a big dog."];

    /// <summary>A stories260K entry with embeddings; <paramref name="settings"/> replace the default ones (one thread, a 128-token embedding context).</summary>
    private static ModelDefinition Entry(bool chat = true, int contextSize = 256, Dictionary<string, string>? settings = null)
    {
        var entry = new ModelDefinition { Engine = "gguf", Path = TestPaths.Stories260K, ContextSize = contextSize, Backend = "Cpu", Embeddings = true, Chat = chat };
        foreach ((string key, string value) in settings ?? new() { ["Threads"] = "1", ["EmbeddingContextSize"] = "128" })
        {
            entry.Settings[key] = value;
        }

        return entry;
    }

    private static ServiceProvider Build(Action<Runtime.BennyOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddBenny(configure).AddGgufEngine();
        return services.BuildServiceProvider();
    }

    private static IEmbeddingGenerator<string, Embedding<float>> Generator(IServiceProvider provider, string name)
        => provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(name);

    [Test]
    public async Task KeyedGenerator_EmbeddingsEnabled_EqualsAGeneratorLoadedDirectlyOnTheSameFile()
    {
        await using ServiceProvider provider = Build(o => o.Models["benny-story-s"] = Entry());
        using GgufEmbeddingGenerator direct = await GgufEmbeddingGenerator.LoadAsync(
            TestPaths.Stories260K, new GgufEmbeddingOptions { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 128 });

        GeneratedEmbeddings<Embedding<float>> hosted = await Generator(provider, "benny-story-s").GenerateAsync(Texts);
        GeneratedEmbeddings<Embedding<float>> expected = await direct.GenerateAsync(Texts);

        Assert.That(hosted, Has.Count.EqualTo(Texts.Length));
        for (int i = 0; i < Texts.Length; i++)
        {
            Assert.That(hosted[i].Vector.ToArray(), Is.EqualTo(expected[i].Vector.ToArray()).Within(1e-6f), $"input {i}");
        }

        Assert.That(hosted.Usage?.InputTokenCount, Is.EqualTo(expected.Usage?.InputTokenCount).And.GreaterThan(Texts.Length), "the input token count comes through");
    }

    [Test]
    public async Task ChatAndEmbeddings_OneEntry_ShareOneLoadOfTheWeights()
    {
        await using ServiceProvider provider = Build(o => o.Models["benny-story-s"] = Entry());
        ModelHost host = provider.GetRequiredService<ModelHost>();
        int loads = 0;
        host.LoadProgress += (_, progress) => loads += progress.Fraction >= 1f ? 1 : 0;

        await provider.GetRequiredKeyedService<IChatClient>("benny-story-s").GetResponseAsync("Once upon a time", new ChatOptions { MaxOutputTokens = 4 });
        await Generator(provider, "benny-story-s").GenerateAsync(Texts);

        using ModelLease lease = await host.AcquireAsync("benny-story-s");
        var chat = (GgufChatClient)lease.ChatClient;
        var embeddings = (GgufEmbeddingGenerator)lease.EmbeddingGenerator!;
        Assert.Multiple(() =>
        {
            Assert.That(loads, Is.EqualTo(1));
            Assert.That(host.GetLoadedModels(), Has.Count.EqualTo(1));
            Assert.That(embeddings.Model, Is.SameAs(chat.Model), "the generator borrows the chat client's weights");
            Assert.That(embeddings.ContextSize, Is.EqualTo(128), "Settings:EmbeddingContextSize");
        });
    }

    [Test]
    public async Task Alias_OfAnEntryWithEmbeddings_SharesItsInstance()
    {
        await using ServiceProvider provider = Build(o =>
        {
            o.Models["benny-story-s"] = Entry();
            o.Models["benny-embed-s"] = new ModelDefinition { AliasOf = "benny-story-s" };
        });
        ModelHost host = provider.GetRequiredService<ModelHost>();

        GeneratedEmbeddings<Embedding<float>> viaAlias = await Generator(provider, "benny-embed-s").GenerateAsync([Texts[0]]);
        GeneratedEmbeddings<Embedding<float>> viaTarget = await Generator(provider, "benny-story-s").GenerateAsync([Texts[0]]);

        using ModelLease aliasLease = await host.AcquireAsync("benny-embed-s");
        using ModelLease targetLease = await host.AcquireAsync("benny-story-s");
        Assert.Multiple(() =>
        {
            Assert.That(aliasLease.Instance, Is.SameAs(targetLease.Instance));
            Assert.That(host.GetLoadedModels().Single().ModelNames, Is.EqualTo(new[] { "benny-embed-s", "benny-story-s" }));
            Assert.That(viaAlias[0].Vector.ToArray(), Is.EqualTo(viaTarget[0].Vector.ToArray()));
        });
    }

    [Test]
    public async Task EmbeddingOnlyEntry_LoadsNoChatContext()
    {
        await using ServiceProvider provider = Build(o => o.Models["benny-vectors-s"] = Entry(chat: false, contextSize: 64, new() { ["Threads"] = "1" }));
        ModelHost host = provider.GetRequiredService<ModelHost>();
        IChatClient chat = provider.GetRequiredKeyedService<IChatClient>("benny-vectors-s");

        GeneratedEmbeddings<Embedding<float>> result = await Generator(provider, "benny-vectors-s").GenerateAsync(Texts);

        using ModelLease lease = await host.AcquireAsync("benny-vectors-s");
        NotSupportedException? noChatContext = Assert.Throws<NotSupportedException>(() => _ = lease.Instance.ChatClient);
        NotSupportedException? request = await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync("Once upon a time"));
        Assert.Multiple(() =>
        {
            Assert.That(result, Has.Count.EqualTo(Texts.Length));
            Assert.That(((GgufEmbeddingGenerator)lease.EmbeddingGenerator!).ContextSize, Is.EqualTo(64), "an embedding-only entry's ContextSize is the generator's");
            Assert.That(noChatContext!.Message, Does.Contain("Benny:Models:benny-vectors-s:Chat is false"));
            Assert.That(request!.Message, Does.Contain("serves embeddings only"));
            Assert.That(chat.GetService<GgufModelInfo>(), Is.Null, "no chat client was loaded to describe");
            Assert.That(chat.GetService<EmbeddingGeneratorMetadata>()?.ProviderName, Is.EqualTo("llama.cpp"), "engine services come from the generator");
        });
    }

    [Test]
    public async Task IdleUnload_ThenAnEmbeddingCall_LoadsTheModelAgain()
    {
        await using ServiceProvider provider = Build(o =>
        {
            o.Models["benny-story-s"] = Entry();
            o.Host.KeepAlive = TimeSpan.Zero;
        });
        ModelHost host = provider.GetRequiredService<ModelHost>();
        int loads = 0;
        host.LoadProgress += (_, progress) => loads += progress.Fraction >= 1f ? 1 : 0;
        IEmbeddingGenerator<string, Embedding<float>> generator = Generator(provider, "benny-story-s");

        GeneratedEmbeddings<Embedding<float>> first = await generator.GenerateAsync([Texts[2]]);
        Assert.That(host.GetLoadedModels(), Is.Empty, "keep-alive zero: unloaded once the call ended");
        GeneratedEmbeddings<Embedding<float>> second = await generator.GenerateAsync([Texts[2]]);

        Assert.Multiple(() =>
        {
            Assert.That(loads, Is.EqualTo(2));
            Assert.That(second[0].Vector.ToArray(), Is.EqualTo(first[0].Vector.ToArray()).Within(1e-6f));
        });
    }

    [Test]
    public async Task Settings_PoolingAndNormalize_ReachTheGenerator()
    {
        await using ServiceProvider provider = Build(o => o.Models["benny-story-s"] = Entry(chat: false, settings: new() { ["Threads"] = "1", ["EmbeddingPooling"] = "last", ["EmbeddingNormalize"] = "false", ["EmbeddingBatchInputs"] = "2" }));

        GeneratedEmbeddings<Embedding<float>> result = await Generator(provider, "benny-story-s").GenerateAsync([Texts[0]]);

        using ModelLease lease = await provider.GetRequiredService<ModelHost>().AcquireAsync("benny-story-s");
        var generator = (GgufEmbeddingGenerator)lease.EmbeddingGenerator!;
        double norm = Math.Sqrt(result[0].Vector.ToArray().Sum(v => (double)v * v));
        Assert.Multiple(() =>
        {
            Assert.That(generator.Pooling, Is.EqualTo(GgufPoolingType.Last));
            Assert.That(generator.MaxBatchInputs, Is.EqualTo(2));
            Assert.That(norm, Is.Not.EqualTo(1).Within(1e-3), "not normalized");
        });
    }

    [Test]
    public async Task Settings_InvalidPooling_FailsTheLoadNamingTheField()
    {
        await using ServiceProvider provider = Build(o => o.Models["benny-story-s"] = Entry(settings: new() { ["Threads"] = "1", ["EmbeddingPooling"] = "max" }));

        ModelLoadException? error = await Assert.ThrowsAsync<ModelLoadException>(() => Generator(provider, "benny-story-s").GenerateAsync(["x"]));

        Assert.That(error!.InnerException, Is.InstanceOf<ModelRegistryException>());
        Assert.That(error.InnerException!.Message, Does.Contain("Benny:Models:benny-story-s:Settings:EmbeddingPooling is 'max'").And.Contain("Mean, Cls, Last"));
    }

    [TestCase("EmbeddingPooling", "2", "EmbeddingPooling is '2'")]
    [TestCase("EmbeddingNormalize", "maybe", "EmbeddingNormalize is 'maybe'")]
    [TestCase("EmbeddingContextSize", "0", "EmbeddingContextSize is 0")]
    [TestCase("EmbeddingBatchInputs", "0", "EmbeddingBatchInputs is 0")]
    [TestCase("EmbeddingBatchInputs", "300", "EmbeddingBatchInputs is 300")]
    public void EmbeddingOptions_InvalidSetting_NamesTheField(string key, string value, string expected)
    {
        ModelDefinition definition = Entry(settings: new() { [key] = value });
        definition.Name = "m";

        ModelRegistryException? error = Assert.Throws<ModelRegistryException>(() => GgufEngineProvider.EmbeddingOptions(new GgufEngineOptions(), definition));

        Assert.That(error!.Message, Does.Contain("Benny:Models:m:Settings:" + expected));
    }

    [Test]
    public void EmbeddingOptions_Defaults_FollowTheEntry()
    {
        var effective = new GgufEngineOptions { ContextSize = 512, Threads = 3, GpuLayers = 7, Backend = GgufBackend.Vulkan, NativeLibraryDirectory = "/natives" };

        GgufEmbeddingOptions withChat = GgufEngineProvider.EmbeddingOptions(effective, new ModelDefinition { Name = "m", Embeddings = true });
        GgufEmbeddingOptions embeddingOnly = GgufEngineProvider.EmbeddingOptions(effective, new ModelDefinition { Name = "m", Embeddings = true, Chat = false });

        Assert.Multiple(() =>
        {
            Assert.That((withChat.ContextSize, withChat.Threads, withChat.GpuLayers, withChat.Backend, withChat.NativeLibraryDirectory), Is.EqualTo(((int?)null, (int?)3, (int?)7, GgufBackend.Vulkan, "/natives")));
            Assert.That((withChat.Pooling, withChat.Normalize, withChat.Truncate, withChat.MaxBatchInputs), Is.EqualTo(((GgufPoolingType?)null, true, false, 16)));
            Assert.That(embeddingOnly.ContextSize, Is.EqualTo(512), "an embedding-only model's context is the entry's");
        });
    }
}
