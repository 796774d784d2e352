using System.Diagnostics;
using Benny.Engines.Gguf.Tests.Support;
using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Benny.Engines.Gguf.Tests;

/// <summary>
/// The pipeline a registry model gets from DI reaches the engine: its model facts and natives diagnostics through
/// <c>GetService</c> once loaded, its own metadata with <see cref="HostedChatClient.EngineServiceKey"/>; and OpenTelemetry
/// sees an in-process provider, without the model's file path.
/// </summary>
[NonParallelizable] // the activity listener sees every M.E.AI activity of the process
public class RegistryEngineServicesTests
{
    [Test]
    public async Task GetService_ThroughTheKeyedPipeline_ReachesTheLoadedEngine()
    {
        await using ServiceProvider provider = Build();
        IChatClient client = provider.GetRequiredKeyedService<IChatClient>("benny-story-s");

        Assert.That(client.GetService<GgufModelInfo>(), Is.Null, "nothing is loaded before the first request");
        await client.GetResponseAsync("Once upon a time", new ChatOptions { MaxOutputTokens = 4 });

        GgufModelInfo? info = client.GetService<GgufModelInfo>();
        Assert.That(info?.Path, Is.EqualTo(Path.GetFullPath(TestPaths.Stories260K)));
        Assert.That(client.GetService<GgufNativeDiagnostics>()?.LlamaVersion, Is.Not.Empty);
        Assert.That(client.GetService<ChatClientMetadata>()?.ProviderName, Is.EqualTo("benny"), "the pipeline's own metadata");
        Assert.That(client.GetService<ChatClientMetadata>(HostedChatClient.EngineServiceKey)?.ProviderName, Is.EqualTo("llama.cpp"));
        Assert.That(client.GetService<GgufModelInfo>("another key"), Is.Null);
    }

    [Test]
    public async Task OpenTelemetry_OverTheEngineAndThePipeline_ReportsNoServerAddressAndNoFilePath()
    {
        var tags = new List<KeyValuePair<string, object?>>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "benny-otel-test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (tags)
                {
                    tags.AddRange(activity.TagObjects);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await using ServiceProvider provider = Build();
        IChatClient pipeline = provider.GetRequiredKeyedService<IChatClient>("benny-story-s");
        using GgufChatClient engine = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, ContextSize = 256 });
        foreach (IChatClient inner in new[] { pipeline, engine })
        {
            using IChatClient traced = inner.AsBuilder().UseOpenTelemetry(sourceName: "benny-otel-test").Build();
            await traced.GetResponseAsync("Once upon a time", new ChatOptions { MaxOutputTokens = 4 });
        }

        Assert.That(tags.Select(t => t.Key), Does.Contain("gen_ai.request.model").Or.Contain("gen_ai.response.model"), "the activities were recorded");
        Assert.That(tags.Select(t => t.Key), Has.None.StartWith("server."));
        Assert.That(tags.Select(t => t.Value?.ToString() ?? ""), Has.None.Contains("stories260K.gguf"));
    }

    private static ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddBenny(o => o.Models["benny-story-s"] = new ModelDefinition { Engine = "gguf", Path = TestPaths.Stories260K, ContextSize = 256, Backend = "Cpu" })
            .AddGgufEngine();
        return services.BuildServiceProvider();
    }
}
