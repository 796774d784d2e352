using Benny.Engines.Gguf.Tests.Support;
using Benny.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Benny.Engines.Gguf.Tests;

/// <summary>
/// Expected events are not logged as problems: a cancelled request's aborted decode and stories260K's load warnings
/// reach the log at Debug. Runs alone because llama.cpp's log goes to the last logger given (process-wide).
/// </summary>
[NonParallelizable]
public class GgufLogNoiseTests
{
    private const int NativeLogEvent = 900;

    [Test]
    public async Task CancelledRequests_AbortedMidDecode_LogNoWarningOrErrorFromLlamaCpp()
    {
        using var logs = new CollectingLoggerProvider();
        using ILoggerFactory factory = logs.CreateFactory();
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 1024, BatchSize = 1024 }, loggerFactory: factory);
        string prompt = string.Concat(Enumerable.Repeat("Once upon a time there was a little dog who liked to play in the park. ", 40));

        int aborted = 0;
        for (int attempt = 0; attempt < 40 && aborted == 0; attempt++)
        {
            int before = AbortLines(logs);
            using var cancel = new CancellationTokenSource();
            Task<ChatResponse> request = client.GetResponseAsync(prompt, new ChatOptions { MaxOutputTokens = 4 }, cancel.Token);
            Thread.Sleep(attempt % 5); // the long prompt's single batch takes several milliseconds: cancel while it runs
            await cancel.CancelAsync();
            try
            {
                await request;
            }
            catch (OperationCanceledException)
            {
            }

            aborted += AbortLines(logs) > before ? 1 : 0;
        }

        Assert.That(aborted, Is.GreaterThan(0), "no cancellation landed inside a decode in 40 attempts: nothing was checked");
        Assert.That(NativeLines(logs).Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message), Is.Empty);
        Assert.That((await client.GetResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 8 })).Text, Does.StartWith(", there was"), "the model still answers");
    }

    [Test]
    public async Task Load_Stories260K_ItsBadSpecialTokenWarningsAreDebug()
    {
        using var logs = new CollectingLoggerProvider();
        using ILoggerFactory factory = logs.CreateFactory();
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, ContextSize = 256 }, loggerFactory: factory);

        Assert.That(NativeLines(logs).Where(e => e.Message.Contains("bad special token", StringComparison.Ordinal)).Select(e => e.Level), Is.Not.Empty.And.All.EqualTo(LogLevel.Debug));
        Assert.That(NativeLines(logs).Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message), Is.Empty);
    }

    private static IEnumerable<CollectingLoggerProvider.LogEntry> NativeLines(CollectingLoggerProvider logs)
        => logs.Entries.Where(e => e.Message.StartsWith("llama.cpp: ", StringComparison.Ordinal));

    private static int AbortLines(CollectingLoggerProvider logs)
        => NativeLines(logs).Count(e => e.Message.Contains("failed to decode", StringComparison.Ordinal));
}
