using System.Diagnostics;
using Benny.Engines.Gguf;
using Benny.Engines.Gguf.Format;
using Microsoft.Extensions.AI;

namespace Benny.Benchmarks;

/// <summary>
/// Measures how long a cancelled GGUF request takes to end: from <c>Cancel()</c> to the stream throwing,
/// while generating and while a long prompt is being processed (llama.cpp's abort callback).
/// Run: <c>dotnet run -c Release --project benchmarks/Benny.Benchmarks -- cancellation-latency</c>.
/// </summary>
internal static class CancellationLatency
{
    public static async Task<int> RunAsync()
    {
        string model = Path.Combine(Path.GetTempPath(), "benny-bench-models", "synthetic-310MB.gguf");
        if (!File.Exists(model))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(model)!);
            new SyntheticModelBuilder(new SyntheticModelOptions { EmbeddingLength = 1024, BlockCount = 12, HeadCount = 16, KvHeadCount = 8, FeedForwardLength = 2816, WeightType = GgmlType.F16 }).Build(model);
        }

        using GgufChatClient client = await GgufChatClient.LoadAsync(model, new GgufEngineOptions { Backend = GgufBackend.Cpu, ContextSize = 4096 });
        Console.WriteLine($"model: {client.Info.Description}, {client.Info.Threads} thread(s)");

        string longPrompt = string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog ", 68));
        foreach ((string name, string prompt, int afterUpdates, int afterMilliseconds) in new[]
        {
            ("while generating (cancel after the 3rd token)", "Once upon a time", 3, 0),
            ("while processing a ~3000-token prompt (cancel 200 ms in)", longPrompt, 0, 200),
        })
        {
            var samples = new List<double>();
            for (int run = 0; run < 10; run++)
            {
                samples.Add(await MeasureAsync(client, prompt, afterUpdates, afterMilliseconds));
            }

            samples.Sort();
            Console.WriteLine($"{name}: median {samples[samples.Count / 2]:F1} ms, max {samples[^1]:F1} ms over {samples.Count} runs");
        }

        return 0;
    }

    private static async Task<double> MeasureAsync(GgufChatClient client, string prompt, int afterUpdates, int afterMilliseconds)
    {
        using var cancellation = new CancellationTokenSource();
        long cancelledAt = 0;
        if (afterMilliseconds > 0)
        {
            _ = Task.Delay(afterMilliseconds).ContinueWith(_ => { cancelledAt = Stopwatch.GetTimestamp(); cancellation.Cancel(); }, TaskScheduler.Default);
        }

        int updates = 0;
        try
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(prompt, new ChatOptions { Temperature = 0, MaxOutputTokens = 2000 }, cancellation.Token))
            {
                if (afterUpdates > 0 && ++updates == afterUpdates)
                {
                    cancelledAt = Stopwatch.GetTimestamp();
                    await cancellation.CancelAsync();
                }
            }

            throw new InvalidOperationException("The request was not cancelled.");
        }
        catch (OperationCanceledException)
        {
            return Stopwatch.GetElapsedTime(cancelledAt).TotalMilliseconds;
        }
    }
}
