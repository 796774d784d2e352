using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Benny.Engines.Gguf.Native;

namespace Benny.Benchmarks.Peers;

/// <summary>
/// Aggregate decode throughput with 1, 2, 4 and 8 concurrent requests: the GGUF engine through <c>IChatClient</c>
/// (<c>Parallel</c> = the request count, that many concurrent <c>GetResponseAsync</c> calls), the floor (a raw native
/// loop: one <c>llama_decode</c> per step for every sequence, unified KV cache, the same context settings) and
/// LLamaSharp 0.30.0 through its batched API (<c>BatchedExecutor</c>, one conversation per request), on stories260K and
/// a Qwen2.5-0.5B-shaped Q8_0 model, all with the same threads.
/// </summary>
/// <remarks>
/// <para>
/// One operation: every request has its own short prompt (9 to 23 tokens) and generates
/// <see cref="PeerWorkload.DecodeTokens"/> greedy tokens; tok/s counts the output tokens of all requests together, and
/// the time includes the prompt passes. Operations alternate between two prompt sets that share no cached prefix.
/// LLamaSharp's <c>IChatClient</c> is not measured here: its stateless executor makes a context per request and does not
/// batch concurrent requests.
/// </para>
/// <para>
/// Each case runs in its own process and loads only the natives it measures. The setups check that every request
/// reaches its token count and print the greedy texts with how many match the raw loop's (batched decoding is only
/// as deterministic as the batch composition: the engine admits requests as they arrive, so a step may hold other rows
/// than the raw loop's, and with random weights a rounding difference can flip a greedy choice).
/// </para>
/// Run: <c>dotnet run -c Release --project benchmarks/Benny.Benchmarks -- --filter '*GgufBatchingBenchmarks*'</c>.
/// </remarks>
[Config(typeof(PeerBenchmarkConfig))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class GgufBatchingBenchmarks
{
    private IPeerEngine? _engine;
    private IReadOnlyList<string>[] _prompts = [];
    private int _round;

    /// <summary>The model.</summary>
    [Params(PeerWorkload.Stories, PeerWorkload.QwenShaped)]
    public string Model { get; set; } = "";

    /// <summary>The concurrent requests.</summary>
    [Params(1, 2, 4, 8)]
    public int Streams { get; set; }

    [GlobalSetup(Targets = new[] { nameof(Raw) })]
    public Task SetupRawAsync() => SetupAsync(PeerEngineKind.Raw);

    [GlobalSetup(Targets = new[] { nameof(Benny) })]
    public Task SetupBennyAsync() => SetupAsync(PeerEngineKind.Benny);

    [GlobalSetup(Targets = new[] { nameof(LLamaSharpBatched) })]
    public Task SetupLLamaSharpBatchedAsync() => SetupAsync(PeerEngineKind.LLamaSharpBatched);

    [GlobalCleanup]
    public void Cleanup() => _engine?.Dispose();

    [BenchmarkCategory(GgufPeerBenchmarks.Decode), Benchmark(Baseline = true, Description = "raw native batched loop")]
    public Task Raw() => NextAsync();

    [BenchmarkCategory(GgufPeerBenchmarks.Decode), Benchmark(Description = "Benny IChatClient, concurrent requests")]
    public Task Benny() => NextAsync();

    [BenchmarkCategory(GgufPeerBenchmarks.Decode), Benchmark(Description = "LLamaSharp BatchedExecutor")]
    public Task LLamaSharpBatched() => NextAsync();

    /// <summary>One operation: every request of the next prompt set, concurrently.</summary>
    private Task NextAsync() => _engine!.GenerateAsync(_prompts[_round++ & 1], PeerWorkload.DecodeTokens);

    private async Task SetupAsync(PeerEngineKind kind)
    {
        string path = PeerWorkload.ModelPath(Model);
        int threads = PeerWorkload.Threads(path);
        _prompts = [PeerWorkload.DecodePrompts(0, Streams), PeerWorkload.DecodePrompts(1, Streams)];
        string key = $"batching-{Model}-x{Streams}";
        Console.WriteLine($"// setup: {kind}, {Model} ({path}), {Streams} concurrent request(s), {threads} thread(s)");

        _engine = await PeerEngines.LoadAsync(kind, path, threads, sequences: Streams, PeerWorkload.DecodeTokens);
        Generation[][] texts = await GreedyCheck.WarmUpAsync(_engine, key, _prompts, PeerWorkload.DecodeTokens, promptTokens: null);
        switch (kind)
        {
            case PeerEngineKind.Raw:
                var raw = (RawLlamaLoop)_engine;
                GreedyCheck.RequireDistinctStarts(raw.Tokenize, raw.AddsBos, [.. PeerWorkload.DecodePrompts(0, PeerWorkload.MaxStreams), .. PeerWorkload.DecodePrompts(1, PeerWorkload.MaxStreams)]);
                ProcessNatives.Verify(LlamaNativeLibrary.Loaded!.Directory);
                break;
            case PeerEngineKind.Benny:
                GreedyCheck.CompareWithRaw(key, _engine.Name, texts);
                ProcessNatives.Verify(((BennyChatClientEngine)_engine).Client.Natives.Directory);
                break;
            default:
                GreedyCheck.CompareWithRaw(key, _engine.Name, texts);
                ProcessNatives.Verify(Path.Combine(AppContext.BaseDirectory, LLamaSharpNatives.Folder));
                break;
        }

        _round = 0; // the warm-up ended with set 1: the first operation reads set 0
    }
}
