using System.Net;
using System.Text.Json;
using Benny.Runtime;
using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Benny.Server.Health;
using Benny.Server.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Moq;
using OpenAI.Chat;

namespace Benny.Server.Tests;

/// <summary>Per-model health: the /health endpoint over loopback, and the checks alone.</summary>
public class HealthTests
{
    [Test]
    public async Task GetHealth_FollowsEachModelFromNotLoadedToReadyOrFailed()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(models =>
        {
            models.Models["benny-story-s"] = new ModelDefinition { Engine = "gguf", Path = TestModels.Stories260K, ContextSize = 256 };
            models.Models["benny-broken-s"] = new ModelDefinition { Engine = "gguf", Path = Path.Combine(Path.GetTempPath(), "benny-missing-health.gguf") };
        });

        (HttpStatusCode status, JsonElement health) = await GetHealthAsync(server);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("healthy"));
        Assert.That(State(health, "benny-story-s"), Is.EqualTo("not_loaded"));
        Assert.That(State(health, "benny-broken-s"), Is.EqualTo("not_loaded"));

        await server.OpenAi().GetChatClient("benny-story-s").CompleteChatAsync([new UserChatMessage("Once")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        Assert.That(async () => await server.OpenAi().GetChatClient("benny-broken-s").CompleteChatAsync([new UserChatMessage("Once")]), Throws.Exception);

        (status, health) = await GetHealthAsync(server);
        Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "a model that failed to load makes the instance unhealthy, so a load balancer skips it");
        Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("unhealthy"));
        Assert.That(State(health, "benny-story-s"), Is.EqualTo("ready"));
        Assert.That(State(health, "benny-broken-s"), Is.EqualTo("failed"));
        Assert.That(health.GetProperty("models").GetProperty("benny-broken-s").GetProperty("description").GetString(), Does.Contain("benny-missing-health.gguf"));
    }

    [Test]
    public async Task AddBennyHealthChecks_WithoutTheServer_ReportsLoadingThenReady()
    {
        var load = new TaskCompletionSource<IEngineModel>(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = new Mock<IEngineProvider>();
        provider.SetupGet(p => p.EngineName).Returns("fake");
        provider.SetupGet(p => p.SupportedParameters).Returns(Benny.Runtime.Presets.GenerationParameters.All);
        provider.Setup(p => p.LoadAsync(It.IsAny<ModelDefinition>(), It.IsAny<IProgress<float>>(), It.IsAny<CancellationToken>())).Returns(() => load.Task);
        var services = new ServiceCollection();
        services.AddLogging(); // the health check service logs
        services.AddBenny(o =>
        {
            o.Models["benny-fake-s"] = new ModelDefinition { Engine = "fake", Path = "fake.bin" };
            o.Models["benny-other-s"] = new ModelDefinition { AliasOf = "benny-fake-s" };
        }).AddEngine(provider.Object);
        services.AddHealthChecks().AddBennyHealthChecks().AddBennyHealthChecks();
        await using ServiceProvider container = services.BuildServiceProvider();
        HealthCheckService health = container.GetRequiredService<HealthCheckService>();

        HealthReport before = await health.CheckHealthAsync();
        Task<ModelLease> acquiring = container.GetRequiredService<ModelHost>().AcquireAsync("benny-fake-s");
        HealthReport loading = await health.CheckHealthAsync();
        var model = new Mock<IEngineModel>();
        model.SetupGet(m => m.ChatClient).Returns(Mock.Of<IChatClient>());
        load.SetResult(model.Object);
        (await acquiring).Dispose();
        HealthReport ready = await health.CheckHealthAsync();

        Assert.That(before.Entries.Keys, Is.EquivalentTo(new[] { "benny-fake-s", "benny-other-s" }), "one check per model, registered once");
        Assert.That(before.Entries.Values.Select(e => e.Data[ModelHealthCheck.StateKey]), Is.All.EqualTo("not_loaded"));
        Assert.That(loading.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(loading.Entries["benny-other-s"].Data[ModelHealthCheck.StateKey], Is.EqualTo("loading"), "an alias reports its target's instance");
        Assert.That(ready.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(ready.Entries.Values.Select(e => e.Data[ModelHealthCheck.StateKey]), Is.All.EqualTo("ready"));
        Assert.That(ready.Entries["benny-fake-s"].Tags, Does.Contain(BennyHealthChecksBuilderExtensions.Tag));
    }

    private static string? State(JsonElement health, string model)
        => health.GetProperty("models").GetProperty(model).GetProperty("state").GetString();

    private static async Task<(HttpStatusCode, JsonElement)> GetHealthAsync(LoopbackServer server)
    {
        using HttpResponseMessage response = await server.Http.GetAsync("/health");
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }
}
