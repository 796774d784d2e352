using System.Diagnostics;
using System.Text.Json;
using Benny.Engines.Gguf;
using Benny.Engines.Gguf.Format;
using Benny.Engines.Gguf.Inference;
using Microsoft.Extensions.AI;

namespace Benny.Benchmarks;

/// <summary>
/// Per-token cost of grammar-constrained sampling with the qwen2 vocabulary (151,936 tokens), grammar-first (the whole
/// vocabulary filtered before every token) against check-first (the chain's pick checked; on rejection a ranked window
/// of candidates filtered, the whole vocabulary only when the window allows too few), on a tiny random-weight model
/// (sampling cost alone) or, with <c>0.5b</c>, on the Qwen2.5-0.5B-shaped Q8_0 model of <see cref="Throughput"/> (the
/// cost beside a real forward pass). Run: <c>dotnet run -c Release --project benchmarks/Benny.Benchmarks -- grammar-sampling [0.5b]</c>.
/// Needs <c>../shared/vocab/ggml-vocab-qwen2.gguf</c> beside the repository.
/// </summary>
internal static class GrammarSampling
{
    private const string Schema = """
        {"type":"object","properties":{"name":{"type":"string","maxLength":12},"count":{"type":"integer","minimum":0,"maximum":500},
        "color":{"enum":["red","green","blue"]},"tags":{"type":"array","items":{"type":"string","maxLength":6},"maxItems":3}},
        "required":["name","count","color","tags"],"additionalProperties":false}
        """;

    public static async Task<int> RunAsync(bool halfBillion)
    {
        string model = halfBillion ? Throughput.BuildModel() : BuildTinyModel();
        int requests = halfBillion ? 3 : 8;
        // Explicit threads (the rule's count for each model): the adaptive tuner's probes would blur the grammar's cost.
        var engine = new GgufEngineOptions { Backend = GgufBackend.Cpu, ContextSize = 512, Threads = halfBillion ? GgufThreadRule.Choose(long.MaxValue) : 1 };
        using GgufChatClient client = await GgufChatClient.LoadAsync(model, engine);
        Console.WriteLine($"model: {client.Info.Description}, vocabulary {client.Info.VocabularySize}, {client.Info.Threads} thread(s), {requests} requests per row");
        await client.GetResponseAsync("warm up", new ChatOptions { Temperature = 0, MaxOutputTokens = 16 });
        var unconstrained = new Dictionary<float, double>();

        ChatResponseFormat schema = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(Schema).RootElement, "answer");
        foreach ((string name, ChatResponseFormat? format) in new[] { ("no grammar", (ChatResponseFormat?)null), ("JSON schema", schema), ("any JSON", ChatResponseFormat.Json) })
        {
            foreach (float temperature in new[] { 0f, 1f })
            {
                foreach (string mode in format is null ? new[] { "" } : new[] { "grammar-first", "check-first, whole vocabulary on rejection", "check-first, ranked window on rejection" })
                {
                    bool grammarFirst = mode == "grammar-first";
                    SamplerChain.RankedResample = mode.Contains("ranked", StringComparison.Ordinal);
                    double milliseconds = 0;
                    long tokens = 0;
                    for (int seed = 0; seed < requests; seed++)
                    {
                        var options = new ChatOptions { ResponseFormat = format, Temperature = temperature, Seed = seed, MaxOutputTokens = 48 }.WithGrammarFirst(grammarFirst);
                        long start = Stopwatch.GetTimestamp();
                        ChatResponse response = await client.GetResponseAsync("Answer in JSON.", options);
                        milliseconds += Stopwatch.GetElapsedTime(start).TotalMilliseconds; // the 5-token prompt adds well under 1 ms
                        tokens += response.Usage?.OutputTokenCount ?? 0;
                    }

                    double perToken = milliseconds / tokens;
                    if (format is null)
                    {
                        unconstrained[temperature] = perToken;
                    }

                    string ratio = format is null ? "" : $", {unconstrained[temperature] / perToken:P0} of unconstrained tok/s";
                    Console.WriteLine($"{name}, temperature {temperature}{(mode.Length > 0 ? ", " + mode : "")}: {perToken:F2} ms/token over {tokens} tokens (whole requests / output tokens){ratio}");
                }
            }
        }

        return 0;
    }

    private static string BuildTinyModel()
    {
        string model = Path.Combine(Path.GetTempPath(), "benny-bench-models", "tiny-qwen2.gguf");
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);
        new SyntheticModelBuilder(new SyntheticModelOptions
        {
            EmbeddingLength = 32, BlockCount = 1, HeadCount = 2, KvHeadCount = 1, FeedForwardLength = 64, WeightType = GgmlType.F16,
            TieOutputToEmbedding = true, VocabularySourcePath = GgufThreadsBenchmarks.Shared("vocab", "ggml-vocab-qwen2.gguf"),
        }).Build(model);
        return model;
    }
}
