using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Benny.Engines.Gguf;
using Microsoft.Extensions.AI;

namespace Benny.Benchmarks;

/// <summary>
/// Decode speed by thread count and llama.cpp's thread polling, with the machine quiet and with one competing busy
/// process (a shell loop that keeps one core at 100 %): the measurements behind the default of
/// <see cref="GgufEngineOptions.ThreadPolling"/>. Each operation generates 32 tokens greedily after a short prompt.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class GgufContentionBenchmarks
{
    private GgufChatClient _client = null!;
    private BusyCompetitor? _competitor;
    private readonly ChatOptions _options = new() { Temperature = 0, MaxOutputTokens = 32 };

    /// <summary>The model: its weights size in the name.</summary>
    [Params("stories-1MB", "synthetic-310MB")]
    public string Model { get; set; } = "";

    /// <summary>CPU threads (the build machine has 2 cores).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Thread polling: -1 = llama.cpp's own per-decode threads (no pool attached), else the level of the engine's pool.</summary>
    [Params(-1, 0, 50)]
    public int Polling { get; set; }

    /// <summary>Whether a busy process competes for a core during the measurement.</summary>
    [Params(false, true)]
    public bool Busy { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        string path = Model == "stories-1MB" ? GgufThreadsBenchmarks.Stories260K() : GgufThreadsBenchmarks.BuildSynthetic(Model);
        _client = await GgufChatClient.LoadAsync(path, new GgufEngineOptions
        {
            Backend = GgufBackend.Cpu, Threads = Threads, ContextSize = 256, ThreadPolling = Polling < 0 ? null : Polling, OwnThreadPool = Polling >= 0,
        });
        if (Busy)
        {
            _competitor = new BusyCompetitor();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _competitor?.Dispose();
        _client.Dispose();
    }

    [Benchmark(Description = "32 tokens")]
    public Task<ChatResponse> Generate() => _client.GetResponseAsync("Once upon a time", _options);
}
