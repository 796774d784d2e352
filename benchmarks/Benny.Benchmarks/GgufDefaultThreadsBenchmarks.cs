using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Benny.Engines.Gguf;
using Microsoft.Extensions.AI;

namespace Benny.Benchmarks;

/// <summary>
/// The default thread setting (the thread rule's count, adapted while running by <c>AdaptiveThreads</c>) against each
/// explicit count, with the machine quiet and with one competing busy process (a shell loop that keeps one core at
/// 100 %). Each operation generates 64 tokens greedily after a short prompt; the client stays loaded across operations,
/// so the adaptive rows show its steady state in a long-lived service.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class GgufDefaultThreadsBenchmarks
{
    private GgufChatClient _client = null!;
    private BusyCompetitor? _competitor;
    private readonly ChatOptions _options = new() { Temperature = 0, MaxOutputTokens = 64 };

    /// <summary>The model.</summary>
    [Params("stories260K", "qwen2.5-0.5b-shaped-q8_0")]
    public string Model { get; set; } = "";

    /// <summary>CPU threads: "default" leaves them to the engine; a number sets them (the build machine has 2 cores).</summary>
    [Params("default", "1", "2")]
    public string Threads { get; set; } = "";

    /// <summary>Whether a busy process competes for a core during the measurement.</summary>
    [Params(false, true)]
    public bool Busy { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        string path = Model == "stories260K" ? GgufThreadsBenchmarks.Stories260K() : Throughput.BuildModel();
        _client = await GgufChatClient.LoadAsync(path, new GgufEngineOptions
        {
            Backend = GgufBackend.Cpu, ContextSize = 256, Threads = Threads == "default" ? null : int.Parse(Threads, System.Globalization.CultureInfo.InvariantCulture),
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

    [Benchmark(Description = "64 tokens")]
    public Task<ChatResponse> Generate() => _client.GetResponseAsync("Once upon a time", _options);
}
