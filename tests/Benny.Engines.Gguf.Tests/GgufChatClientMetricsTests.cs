using Benny.Engines.Gguf.Tests.Support;
using Benny.Tests.Support;
using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Benny.Engines.Gguf.Tests;

/// <summary>The engine's OpenTelemetry metrics and the per-request figures of <see cref="GgufChatClient.GetResponseAsync"/> (stories260K, greedy).</summary>
public class GgufChatClientMetricsTests
{
    private const string TimeToFirstToken = "gen_ai.server.time_to_first_token";
    private const string TimePerOutputToken = "gen_ai.server.time_per_output_token";
    private const string RequestDuration = "gen_ai.server.request.duration";
    private const string Queued = "benny.gguf.requests.queued";

    private static GgufEngineOptions Options(int parallel = 1)
        => new() { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 512, Parallel = parallel };

    private static ChatOptions Greedy(int tokens) => new() { Temperature = 0, MaxOutputTokens = tokens };

    [Test]
    public async Task GetResponseAsync_TwoRequests_RecordsOneTimeToFirstTokenAndTimePerOutputTokenEachWithTheModelAttributes()
    {
        using var meters = new TestMeterFactory();
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Options(), progress: null, loggerFactory: null, meters);
        string modelId = client.GetService<ChatClientMetadata>()!.DefaultModelId!;

        await client.GetResponseAsync("Once upon a time", Greedy(6));
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("The cat", Greedy(6)))
        {
        }

        foreach (string instrument in new[] { TimeToFirstToken, TimePerOutputToken, RequestDuration })
        {
            IReadOnlyList<(double Value, IReadOnlyDictionary<string, object?> Tags)> measurements = meters.Of(instrument);
            Assert.That(measurements, Has.Count.EqualTo(2), instrument);
            foreach ((double value, IReadOnlyDictionary<string, object?> tags) in measurements)
            {
                Assert.That(value, Is.GreaterThan(0), instrument);
                Assert.That(tags["gen_ai.operation.name"], Is.EqualTo("chat"), instrument);
                Assert.That(tags["gen_ai.provider.name"], Is.EqualTo("llama.cpp"), instrument);
                Assert.That(tags["gen_ai.request.model"], Is.EqualTo(modelId), instrument);
                Assert.That(tags["gen_ai.response.model"], Is.EqualTo(modelId), instrument);
            }
        }

        Assert.That(meters.Of(Queued).Sum(m => m.Value), Is.Zero, "nothing waits any more");
    }

    [Test]
    public async Task GetStreamingResponseAsync_RequestWaitingForTheOnlySlot_IsCountedQueuedThenLeavesTheQueue()
    {
        using var meters = new TestMeterFactory();
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Options(parallel: 1), progress: null, loggerFactory: null, meters);
        string modelId = client.GetService<ChatClientMetadata>()!.DefaultModelId!;
        await using IAsyncEnumerator<ChatResponseUpdate> running = client.GetStreamingResponseAsync("Once upon a time", Greedy(200)).GetAsyncEnumerator();
        Assert.That(await running.MoveNextAsync(), Is.True, "the first request holds the only slot");
        int before = meters.Of(Queued).Count;

        Task<ChatResponse> waiting = client.GetResponseAsync("The cat", Greedy(4));

        (double Value, IReadOnlyDictionary<string, object?> Tags) entered = meters.Of(Queued).Skip(before).First();
        Assert.That(entered.Value, Is.EqualTo(1), "queueing counts the request in, synchronously");
        Assert.That(entered.Tags["gen_ai.provider.name"], Is.EqualTo("llama.cpp"));
        Assert.That(entered.Tags["gen_ai.request.model"], Is.EqualTo(modelId));
        while (await running.MoveNextAsync())
        {
        }

        ChatResponse second = await waiting;
        Assert.That(second.Usage?.OutputTokenCount, Is.EqualTo(4));
        Assert.That(meters.Of(Queued).Select(m => m.Value), Is.EqualTo(new double[] { 1, -1, 1, -1 }), "each request in and out of the queue once");
    }

    [Test]
    public async Task GetResponseAsync_SecondIdenticalRequest_CarriesCachedInputTokensAndTheBennyFigures()
    {
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Options());

        ChatResponse first = await client.GetResponseAsync("Once upon a time there was a little dog", Greedy(4));
        ChatResponse second = await client.GetResponseAsync("Once upon a time there was a little dog", Greedy(4));

        Assert.That(first.Usage?.CachedInputTokenCount, Is.Zero, "a fresh context has nothing cached");
        Assert.That(second.Usage?.CachedInputTokenCount, Is.GreaterThan(0), "the prompt's prefix is reused");
        Assert.That(second.Usage?.CachedInputTokenCount, Is.LessThan(second.Usage!.InputTokenCount!.Value));
        Assert.That(second.AdditionalProperties?["benny.cached_prompt_tokens"], Is.EqualTo((int)second.Usage!.CachedInputTokenCount!.Value));
        foreach (string key in new[] { "benny.prompt_ms", "benny.generation_ms", "benny.queue_ms", "benny.time_to_first_token_ms" })
        {
            Assert.That(second.AdditionalProperties?[key], Is.TypeOf<double>().And.GreaterThanOrEqualTo(0d), key);
        }
    }

    [Test]
    public async Task GetStreamingResponseAsync_SecondIdenticalRequest_FinalUpdateUsageCarriesCachedInputTokens()
    {
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Options());
        await client.GetResponseAsync("Once upon a time there was a little dog", Greedy(4));

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("Once upon a time there was a little dog", Greedy(4)))
        {
            updates.Add(update);
        }

        UsageContent usage = updates[^1].Contents.OfType<UsageContent>().Single();
        Assert.That(usage.Details.CachedInputTokenCount, Is.GreaterThan(0));
        Assert.That(updates[^1].AdditionalProperties?["benny.cached_prompt_tokens"], Is.EqualTo((int)usage.Details.CachedInputTokenCount!.Value));
    }

    [Test]
    public async Task KeyedChatClient_MeterFactoryRegistered_EngineRecordsIntoIt()
    {
        using var meters = new TestMeterFactory();
        var services = new ServiceCollection();
        services.AddSingleton<System.Diagnostics.Metrics.IMeterFactory>(meters);
        services.AddBenny(o => o.Models["stories"] = new ModelDefinition { Engine = "gguf", Path = TestPaths.Stories260K, ContextSize = 256, Backend = "Cpu", Settings = { ["Threads"] = "1" } })
            .AddGgufEngine();
        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            await provider.GetRequiredKeyedService<IChatClient>("stories").GetResponseAsync("Once upon a time", Greedy(4));
        }

        Assert.That(meters.Of(TimeToFirstToken), Has.Count.EqualTo(1));
        Assert.That(meters.Of(TimePerOutputToken), Has.Count.EqualTo(1));
    }
}
