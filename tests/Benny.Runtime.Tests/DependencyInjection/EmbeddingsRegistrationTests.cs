using System.Text;
using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Benny.Runtime.Tests.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Benny.Runtime.Tests.DependencyInjection;

/// <summary>Keyed <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> services from <c>AddBenny</c>, bound from configuration.</summary>
public class EmbeddingsRegistrationTests
{
    private readonly FakeEngineProvider _engine = new();
    private readonly FakeEngineProvider _openVino = new("openvino") { SupportsEmbeddings = false };

    private ServiceProvider Build(string models)
    {
        string json = $$"""{ "Benny": { "Models": { {{models}} } } }""";
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddBenny(configuration.GetSection("Benny")).AddEngine(_engine).AddEngine(_openVino);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Test]
    public async Task KeyedEmbeddingGenerator_EntryWithEmbeddings_SharesTheChatClientsLoad()
    {
        using ServiceProvider provider = Build("""
            "benny-route-s": { "Engine": "fake", "Path": "/models/emb/a.gguf", "Embeddings": true },
            "benny-tool-s": { "AliasOf": "benny-route-s" }
            """);

        IEmbeddingGenerator<string, Embedding<float>> generator = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("benny-route-s");
        IEmbeddingGenerator<string, Embedding<float>> alias = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("benny-tool-s");
        await provider.GetRequiredKeyedService<IChatClient>("benny-route-s").GetResponseAsync("hi");
        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(["four"]);
        await alias.GenerateAsync(["x"]);

        Assert.Multiple(() =>
        {
            Assert.That(generator, Is.InstanceOf<HostedEmbeddingGenerator>());
            Assert.That(provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("benny-route-s"), Is.SameAs(generator), "one generator per name");
            Assert.That(embeddings.Single().Vector.ToArray(), Is.EqualTo(new float[] { 4, 0 }));
            Assert.That(embeddings.Usage?.InputTokenCount, Is.EqualTo(4));
            Assert.That(_engine.LoadCount, Is.EqualTo(1), "chat, embeddings and the alias share one load");
            Assert.That(_engine.Models.Single().FakeEmbeddingGenerator!.Calls, Is.EqualTo(2));
        });
    }

    [Test]
    public void KeyedEmbeddingGenerator_UnknownName_ThrowsUnknownModelException()
    {
        using ServiceProvider provider = Build("""
            "benny-route-s": { "Engine": "fake", "Path": "/models/emb/a.gguf", "Embeddings": true }
            """);

        var error = Assert.Throws<UnknownModelException>(() => provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("nope"));

        Assert.That(error!.Message, Does.Contain("'nope'").And.Contain("benny-route-s"));
    }

    [Test]
    public void KeyedEmbeddingGenerator_EntryWithoutEmbeddings_NamesTheSettingToAdd()
    {
        using ServiceProvider provider = Build("""
            "benny-route-s": { "Engine": "fake", "Path": "/models/emb/a.gguf" }
            """);

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("benny-route-s"));

        Assert.That(error!.Message, Does.Contain("Benny:Models:benny-route-s:Embeddings to true"));
    }

    [Test]
    public void KeyedEmbeddingGenerator_NonStringKey_ThrowsArgumentException()
    {
        using ServiceProvider provider = Build("""
            "benny-route-s": { "Engine": "fake", "Path": "/models/emb/a.gguf", "Embeddings": true }
            """);

        Assert.Throws<ArgumentException>(() => provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(42));
    }

    [Test]
    public void ValidateOnStart_EmbeddingsOnAnEngineWithoutThem_NamesModelAndEngine()
    {
        using ServiceProvider provider = Build("""
            "ov-embed": { "Engine": "openvino", "Path": "/models/emb/ov", "Embeddings": true }
            """);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Message, Does.Contain("Benny:Models:ov-embed:Embeddings is true").And.Contain("engine 'openvino' makes no embeddings"));
    }

    [Test]
    public async Task EmbeddingOnlyEntry_BindsFromConfigurationAndNeverServesChat()
    {
        using ServiceProvider provider = Build("""
            "embed-s": { "Engine": "fake", "Path": "/models/emb/e.gguf", "Embeddings": true, "Chat": false }
            """);
        Assert.DoesNotThrow(() => provider.GetRequiredService<IStartupValidator>().Validate());

        await provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("embed-s").GenerateAsync(["abc"]);
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => provider.GetRequiredKeyedService<IChatClient>("embed-s").GetResponseAsync("hi"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("Benny:Models:embed-s:Chat is false"));
            Assert.That(_engine.LoadCount, Is.EqualTo(1));
            Assert.That(_engine.Models.Single().FakeChatClient.Requests, Is.Zero);
        });
    }

    [Test]
    public void Validate_RouterTierNamesAnEmbeddingOnlyModelThroughAnAlias_FailsNamingTheTierAndTheSetting()
    {
        const string Json = """
            { "Benny": {
                "Models": {
                  "embed-s": { "Engine": "fake", "Path": "/models/emb/e.gguf", "Embeddings": true, "Chat": false },
                  "search-s": { "AliasOf": "embed-s" },
                  "benny-route-m": { "Engine": "fake", "Path": "/models/emb/m.gguf" }
                },
                "Router": { "Tiers": { "light": "search-s", "heavy": "benny-route-m" } } } }
            """;
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Json))).Build();
        var services = new ServiceCollection();
        services.AddBenny(configuration.GetSection("Benny")).AddEngine(_engine);
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Message, Does.Contain("Benny:Router:Tiers:light names 'search-s', which serves embeddings only (Benny:Models:embed-s:Chat is false)"));
    }
}
