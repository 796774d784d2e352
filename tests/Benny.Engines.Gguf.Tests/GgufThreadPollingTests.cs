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

    [TestCase(-1)]
    [TestCase(101)]
    public void LoadAsync_PollingOutOfRange_ThrowsNamingTheOption(int polling)
    {
        Assert.That(() => GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { ThreadPolling = polling }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("ThreadPolling"));
    }
}
