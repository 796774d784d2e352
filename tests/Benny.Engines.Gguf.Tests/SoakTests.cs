using System.Diagnostics;
using Benny.Engines.Gguf.Native;
using Benny.Engines.Gguf.Tests.Support;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Tests;

/// <summary>
/// Load and leaks: many concurrent requests on two slots end (answered or refused as documented) without a deadlock and
/// leave the slots free; repeated loads and generations do not grow the process. Category <c>Soak</c>; CI runs it with
/// the rest. Runs alone: other tests' allocations would blur the resident-memory measurements.
/// </summary>
[Category("Soak")]
[NonParallelizable]
public class SoakTests
{
    private const long AllowedGrowthBytes = 10L * 1024 * 1024;

    [Test]
    [CancelAfter(120_000)]
    public async Task SixtyFourConcurrentRequests_OnTwoSlots_AllEndAndTheSlotsAreFreeAfterwards()
    {
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, ContextSize = 512, Parallel = 2, QueueLimit = 40 });
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 24 };

        Task<ChatResponse>[] requests = [.. Enumerable.Range(0, 64).Select(i => Task.Run(() => client.GetResponseAsync($"Once upon a time {i}", options)))];
        Task all = Task.WhenAll(requests);
        Task finished = await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(90)));
        Assert.That(finished, Is.SameAs(all).Or.Matches<Task>(t => requests.All(r => r.IsCompleted)), "a request did not end within 90 s: deadlock");

        int answered = requests.Count(r => r.IsCompletedSuccessfully);
        int refused = requests.Count(r => r.IsFaulted && r.Exception!.InnerException is GgufQueueFullException);
        Assert.That(answered + refused, Is.EqualTo(64), "every request is answered or refused with GgufQueueFullException: "
            + string.Join("; ", requests.Where(r => r.IsFaulted).Select(r => r.Exception!.InnerException!.GetType().Name).Distinct()));
        Assert.That(answered, Is.GreaterThanOrEqualTo(2 + 40 - 0), "the slots and the queue's 40 places are all used before refusing");
        Assert.That(requests.Where(r => r.IsCompletedSuccessfully).Select(r => r.Result.Usage?.OutputTokenCount), Has.All.GreaterThan(0));

        // Free afterwards: two requests at once start immediately and finish.
        ChatResponse[] after = await Task.WhenAll(client.GetResponseAsync("Once upon a time", options), client.GetResponseAsync("Once upon a time", options));
        Assert.That(after.Select(r => r.Text), Has.All.StartWith(", there was a little girl"));
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task TwoHundredLoadUnloadCycles_GrowResidentMemoryByLessThanTenMegabytes()
    {
        var engine = new GgufEngineOptions { Backend = GgufBackend.Cpu, ContextSize = 256 };
        async Task Cycle(int i)
        {
            using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, engine);
            if (i % 20 == 0)
            {
                await client.GetResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 2 });
            }
        }

        // Warm up with the same work until the C library's arenas, the runtime's pools and the compiled code have their working size.
        for (int i = 0; i < 100; i++)
        {
            await Cycle(i);
        }

        ResidentMemory before = ResidentMemory.Measure();
        for (int i = 0; i < 200; i++)
        {
            await Cycle(i);
        }

        ResidentMemory after = ResidentMemory.Measure();
        TestContext.Out.WriteLine($"after 200 load/unload cycles: {after.Describe(before)}");
        Assert.That(after.Bytes - before.Bytes, Is.LessThan(AllowedGrowthBytes), after.Describe(before));
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task TwoThousandShortGenerations_GrowResidentMemoryByLessThanTenMegabytes()
    {
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, ContextSize = 256 });
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 4 };
        for (int i = 0; i < 300; i++)
        {
            await client.GetResponseAsync($"Once upon a time {i % 7}", options);
        }

        ResidentMemory before = ResidentMemory.Measure();
        for (int i = 0; i < 2_000; i++)
        {
            if (i % 2 == 0)
            {
                await client.GetResponseAsync($"Once upon a time {i % 7}", options);
            }
            else
            {
                await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync($"Lily had {i % 5} toys", options))
                {
                    _ = update.Text;
                }
            }
        }

        ResidentMemory after = ResidentMemory.Measure();
        TestContext.Out.WriteLine($"after 2,000 generations: {after.Describe(before)}");
        Assert.That(after.Bytes - before.Bytes, Is.LessThan(AllowedGrowthBytes), after.Describe(before));
    }
}
