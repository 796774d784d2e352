using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Benny.Engines.Gguf;
using Benny.Engines.Gguf.Format;
using Microsoft.Extensions.AI;

namespace Benny.Benchmarks;

/// <summary>
/// Decode speed of the GGUF engine by model size and CPU thread count: the measurements behind
/// <see cref="GgufThreadRule"/>. Each operation generates 32 tokens greedily after a short prompt.
/// </summary>
/// <remarks>
/// Models: stories260K from ../shared (1.1 MB) and synthetic llama models built once into the temp folder
/// (deterministic, so every process of the run measures the same files).
/// </remarks>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class GgufThreadsBenchmarks
{
    private GgufChatClient _client = null!;
    private readonly ChatOptions _options = new() { Temperature = 0, MaxOutputTokens = 32 };

    /// <summary>The model: its weights size in the name.</summary>
    [Params("stories-1MB", "synthetic-19MB", "synthetic-103MB", "synthetic-310MB")]
    public string Model { get; set; } = "";

    /// <summary>CPU threads (the build machine has 2 cores; 4 oversubscribes them).</summary>
    [Params(1, 2, 4)]
    public int Threads { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        string path = Model == "stories-1MB" ? Stories260K() : BuildSynthetic(Model);
        _client = await GgufChatClient.LoadAsync(path, new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = Threads, ContextSize = 256 });
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    [Benchmark(Description = "32 tokens")]
    public Task<ChatResponse> Generate() => _client.GetResponseAsync("Once upon a time", _options);

    /// <summary>Builds (once) and returns a synthetic benchmark model by name.</summary>
    internal static string BuildSynthetic(string name)
    {
        SyntheticModelOptions options = name switch
        {
            "synthetic-19MB" => new() { EmbeddingLength = 256, BlockCount = 6, HeadCount = 8, KvHeadCount = 4, FeedForwardLength = 704 },
            "synthetic-103MB" => new() { EmbeddingLength = 512, BlockCount = 8, HeadCount = 8, KvHeadCount = 4, FeedForwardLength = 1408 },
            "synthetic-310MB" => new() { EmbeddingLength = 1024, BlockCount = 12, HeadCount = 16, KvHeadCount = 8, FeedForwardLength = 2816, WeightType = GgmlType.F16 },
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown benchmark model."),
        };
        string path = Path.Combine(Path.GetTempPath(), "benny-bench-models", name + ".gguf");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            new SyntheticModelBuilder(options).Build(path);
        }

        return path;
    }

    /// <summary>The path of ../shared/models/stories260K.gguf.</summary>
    internal static string Stories260K() => Shared("models", "stories260K.gguf");

    /// <summary>A file under ../shared beside the repository (found by walking up to Benny.Runtime.sln).</summary>
    internal static string Shared(params string[] parts)
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine([folder.FullName, "..", "shared", .. parts]);
            if (File.Exists(Path.Combine(folder.FullName, "Benny.Runtime.sln")) && File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new FileNotFoundException($"../shared/{string.Join('/', parts)} was not found above {AppContext.BaseDirectory}; run the benchmarks from a clone with shared/ beside it.");
    }
}
