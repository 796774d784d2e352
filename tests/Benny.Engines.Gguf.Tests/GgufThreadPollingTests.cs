using Benny.Engines.Gguf.Tests.Support;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Tests;

/// <summary><see cref="GgufEngineOptions.ThreadPolling"/>: the engine's own thread pool (the default) changes speed, not text: it gives what llama.cpp's per-decode threads give.</summary>
public class GgufThreadPollingTests
{
    [TestCase(0)]
    [TestCase(50)]
    [TestCase(100)]
    public async Task GetResponseAsync_OwnThreadPool_GivesLlamaCppsOwnGreedyText(int polling)
    {
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 24 };
        string expected;
        using (GgufChatClient own = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = 2, ContextSize = 256, OwnThreadPool = false }))
        {
            expected = (await own.GetResponseAsync("Once upon a time", options)).Text;
        }

        using GgufChatClient pooled = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = 2, ContextSize = 256, ThreadPolling = polling });

        Assert.That((await pooled.GetResponseAsync("Once upon a time", options)).Text, Is.EqualTo(expected).And.StartWith(", there was a little girl"));
    }

    [Test]
    public async Task GetResponseAsync_AdaptiveThreadsProbingMidRequest_GivesTheFixedCountsText()
    {
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 120 };
        string expected;
        using (GgufChatClient fixedCount = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = 2, ContextSize = 256 }))
        {
            expected = (await fixedCount.GetResponseAsync("Once upon a time", options)).Text;
            Assert.That(fixedCount.Context.ThreadProbes, Is.Zero, "an explicit count is used as given");
        }

        using GgufChatClient adaptive = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = 2, AdaptiveThreads = true, ContextSize = 256 });

        Assert.That((await adaptive.GetResponseAsync("Once upon a time", options)).Text, Is.EqualTo(expected));
        Assert.That(adaptive.Context.ThreadProbes, Is.GreaterThan(0), "no probe ran during 120 tokens: switching counts mid-request was not tested");
        Assert.That(adaptive.Context.CurrentThreads, Is.InRange(1, 2));
    }

    [Test]
    public async Task LoadAsync_DefaultThreadsOnATinyModel_StayAtOneThread()
    {
        // stories260K is under the thread rule's 64 MiB: one thread, and the tuner never goes above the rule's count.
        using GgufChatClient tiny = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, ContextSize = 256 });
        await tiny.GetResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 60 });

        Assert.That(tiny.Info.Threads, Is.EqualTo(1));
        Assert.That(tiny.Context.ThreadProbes, Is.Zero);
    }

    [Test]
    public async Task LoadAsync_AdaptiveThreadsOff_NeverProbes()
    {
        using GgufChatClient fixedCount = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, ContextSize = 256, Threads = 2, AdaptiveThreads = false });
        await fixedCount.GetResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 60 });

        Assert.That(fixedCount.Context.ThreadProbes, Is.Zero);
        Assert.That(fixedCount.Context.CurrentThreads, Is.EqualTo(2));
    }

    [TestCase(-1)]
    [TestCase(101)]
    public void LoadAsync_PollingOutOfRange_ThrowsNamingTheOption(int polling)
    {
        Assert.That(() => GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { ThreadPolling = polling }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("ThreadPolling"));
    }
}
