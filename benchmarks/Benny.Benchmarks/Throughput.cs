using System.Diagnostics;
using Benny.Engines.Gguf;
using Benny.Engines.Gguf.Format;
using Microsoft.Extensions.AI;

namespace Benny.Benchmarks;

/// <summary>
/// Throughput of continuous batching and prefix reuse on a Qwen2.5-0.5B-shaped model (896 wide, 24 layers, 14 heads,
/// 2 KV heads, 4864 feed-forward, the real qwen2 vocabulary, tied embeddings, Q8_0; random weights, built once into
/// the temp folder): one stream's decode rate, the aggregate rate of 1, 2, 4 and 8 concurrent streams, and the time to
/// first token of a 512-token prompt without and with its prefix cached.
/// Run: <c>dotnet run -c Release --project benchmarks/Benny.Benchmarks -- throughput</c>.
/// </summary>
internal static class Throughput
{
    private const int OutputTokens = 64;

    public static async Task<int> RunAsync()
    {
        string model = BuildModel();
        Console.WriteLine($"model: {model} ({new FileInfo(model).Length / 1_000_000} MB)");

        foreach (int streams in new[] { 1, 2, 4, 8 })
        {
            using GgufChatClient client = await GgufChatClient.LoadAsync(model, new GgufEngineOptions { Backend = GgufBackend.Cpu, ContextSize = 2048, Parallel = streams });
            await client.GetResponseAsync("warm up", new ChatOptions { Temperature = 0, MaxOutputTokens = 4 });
            var clock = Stopwatch.StartNew();
            ChatResponse[] responses = await Task.WhenAll(Enumerable.Range(0, streams).Select(i =>
                client.GetResponseAsync($"Story number {i}: once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = OutputTokens })));
            double seconds = clock.Elapsed.TotalSeconds;
            long tokens = responses.Sum(r => r.Usage?.OutputTokenCount ?? 0);
            Console.WriteLine($"{streams} concurrent stream(s), Parallel={streams}, {client.Info.Threads} thread(s): {tokens} tokens in {seconds:F2} s = {tokens / seconds:F1} tok/s aggregate");
        }

        string prefix = string.Concat(Enumerable.Repeat("The archive lists every shipment, its weight, its route and its customs code. ", 40));
        using (GgufChatClient client = await GgufChatClient.LoadAsync(model, new GgufEngineOptions { Backend = GgufBackend.Cpu, ContextSize = 2048 }))
        {
            var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 4 };
            ChatResponse cold = await client.GetResponseAsync([new(ChatRole.System, prefix), new(ChatRole.User, "First question?")], options);
            ChatResponse warm = await client.GetResponseAsync([new(ChatRole.System, prefix), new(ChatRole.User, "Second question?")], options);
            Console.WriteLine($"prompt of {cold.Usage?.InputTokenCount} tokens: TTFT uncached {Ttft(cold):F1} ms, "
                + $"with {warm.Usage?.CachedInputTokenCount} tokens cached {Ttft(warm):F1} ms ({Ttft(warm) / Ttft(cold):P1} of uncached)");
        }

        return 0;
    }

    private static double Ttft(ChatResponse response) => Convert.ToDouble(response.AdditionalProperties?["benny.time_to_first_token_ms"], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Builds the 0.5B-shaped Q8_0 model into the temp folder (once; deterministic) and returns its path.</summary>
    internal static string BuildModel()
    {
        string folder = Path.Combine(Path.GetTempPath(), "benny-bench-models");
        string quantized = Path.Combine(folder, "qwen2.5-0.5b-shaped-q8_0.gguf");
        if (File.Exists(quantized))
        {
            return quantized;
        }

        Directory.CreateDirectory(folder);
        string f16 = Path.Combine(folder, "qwen2.5-0.5b-shaped-f16.gguf");
        string vocabulary = GgufThreadsBenchmarks.Shared("vocab", "ggml-vocab-qwen2.gguf");
        Console.WriteLine("building the 0.5B-shaped model (once) ...");
        new SyntheticModelBuilder(new SyntheticModelOptions
        {
            EmbeddingLength = 896, BlockCount = 24, HeadCount = 14, KvHeadCount = 2, FeedForwardLength = 4864, ContextLength = 4096,
            WeightType = GgmlType.F16, TieOutputToEmbedding = true, VocabularySourcePath = vocabulary, RopeFrequencyBase = 1_000_000f,
        }).Build(f16);
        GgufQuantizer.Quantize(f16, quantized, GgufQuantization.Q8_0);
        File.Delete(f16);
        return quantized;
    }
}
