using System.Diagnostics;
using System.Text.Json;
using Benny.Engines.Gguf;
using Benny.Engines.Gguf.Format;
using Microsoft.Extensions.AI;

namespace Benny.Benchmarks;

/// <summary>
/// Per-token cost of grammar-constrained sampling on a tiny random-weight model with the qwen2 vocabulary (151,936 tokens),
/// grammar-first (the whole vocabulary filtered before every token) against check-first (the chain's pick checked, the
/// vocabulary filtered only on rejection). Run: <c>dotnet run -c Release --project benchmarks/Benny.Benchmarks -- grammar-sampling</c>.
/// Needs <c>../shared/vocab/ggml-vocab-qwen2.gguf</c> beside the repository.
/// </summary>
internal static class GrammarSampling
{
    private const string Schema = """
        {"type":"object","properties":{"name":{"type":"string","maxLength":12},"count":{"type":"integer","minimum":0,"maximum":500},
        "color":{"enum":["red","green","blue"]},"tags":{"type":"array","items":{"type":"string","maxLength":6},"maxItems":3}},
        "required":["name","count","color","tags"],"additionalProperties":false}
        """;

    public static async Task<int> RunAsync()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Benny.Runtime.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("Benny.Runtime.sln not found above " + AppContext.BaseDirectory);
        }

        string model = Path.Combine(Path.GetTempPath(), "benny-bench-models", "tiny-qwen2.gguf");
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);
        new SyntheticModelBuilder(new SyntheticModelOptions
        {
            EmbeddingLength = 32, BlockCount = 1, HeadCount = 2, KvHeadCount = 1, FeedForwardLength = 64, WeightType = GgmlType.F16,
            TieOutputToEmbedding = true, VocabularySourcePath = Path.Combine(root, "..", "shared", "vocab", "ggml-vocab-qwen2.gguf"),
        }).Build(model);
        using GgufChatClient client = await GgufChatClient.LoadAsync(model, new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 512 });
        Console.WriteLine($"model: {client.Info.Description}, vocabulary {client.Info.VocabularySize}, {client.Info.Threads} thread(s)");

        ChatResponseFormat schema = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(Schema).RootElement, "answer");
        foreach ((string name, ChatResponseFormat? format) in new[] { ("no grammar", (ChatResponseFormat?)null), ("JSON schema", schema), ("any JSON", ChatResponseFormat.Json) })
        {
            foreach (float temperature in new[] { 0f, 1f })
            {
                foreach (bool grammarFirst in format is null ? new[] { false } : new[] { true, false })
                {
                    double milliseconds = 0;
                    long tokens = 0;
                    for (int seed = 0; seed < 8; seed++)
                    {
                        var options = new ChatOptions { ResponseFormat = format, Temperature = temperature, Seed = seed, MaxOutputTokens = 48 }.WithGrammarFirst(grammarFirst);
                        long start = Stopwatch.GetTimestamp();
                        ChatResponse response = await client.GetResponseAsync("Answer in JSON.", options);
                        milliseconds += Stopwatch.GetElapsedTime(start).TotalMilliseconds; // the 5-token prompt adds well under 1 ms
                        tokens += response.Usage?.OutputTokenCount ?? 0;
                    }

                    string mode = format is null ? "" : grammarFirst ? ", grammar-first" : ", check-first";
                    Console.WriteLine($"{name}, temperature {temperature}{mode}: {milliseconds / tokens:F2} ms/token over {tokens} tokens (whole requests / output tokens)");
                }
            }
        }

        return 0;
    }
}
