using Benny.Runtime.Registry;
using Benny.Runtime.Routing;
using Benny.Server.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Benny.Server.Tests;

/// <summary>
/// Scaling out: a tier router in another process routes a tier to a remote OpenAI-compatible endpoint (here a Benny server
/// on loopback) through the OpenAI client's <c>AsIChatClient()</c>, with a local fallback.
/// </summary>
public class RemoteTierTests
{
    [Test]
    public async Task TierRouter_TierOnARemoteBennyServer_ServesThroughTheOpenAiClient()
    {
        await using LoopbackServer remote = await LoopbackServer.StartAsync(models =>
            models.Models["benny-story-s"] = new ModelDefinition { Engine = "gguf", Path = TestModels.Stories260K, ContextSize = 512, Parallel = 2 });
        IChatClient remoteClient = remote.OpenAi().GetChatClient("benny-story-s").AsIChatClient();

        var services = new ServiceCollection();
        services.AddBenny(_ => { }).AddTierRouter(router =>
        {
            router.TierClients["light"] = remoteClient;
            router.TierClients["heavy"] = remoteClient;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient chat = provider.GetRequiredService<IChatClient>();
        var options = new ChatOptions { MaxOutputTokens = 6, Temperature = 0 }.WithTaskProfile(new TaskProfile { Type = "classification" });

        ChatResponse response = await chat.GetResponseAsync("Once upon a time", options);
        ChatResponse streamed = await chat.GetStreamingResponseAsync("Once upon a time", options).ToChatResponseAsync();

        Assert.That(response.Text, Is.Not.Empty);
        Assert.That(streamed.Text, Is.EqualTo(response.Text));
        Assert.That(response.AdditionalProperties?[TierRouterChatClient.TierKey], Is.EqualTo("light"));
        Assert.That(response.ModelId, Is.EqualTo("benny-story-s"), "the remote client's metadata names the model");
        Assert.That(response.Usage?.OutputTokenCount, Is.EqualTo(6));
    }
}
