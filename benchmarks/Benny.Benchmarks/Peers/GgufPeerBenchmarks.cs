using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Benny.Engines.Gguf.Native;

namespace Benny.Benchmarks.Peers;

/// <summary>
/// Single-stream prefill and decode of the GGUF engine through <c>IChatClient</c>, against the floor (a raw native loop
/// over the same llama.cpp build and context settings) and the .NET peer, LLamaSharp 0.30.0 (its <c>IChatClient</c>
/// and its <c>BatchedExecutor</c>), on stories260K and a Qwen2.5-0.5B-shaped Q8_0 model, all with the same threads.
/// </summary>
/// <remarks>
/// <para>
/// <c>prefill</c>: one request with a prompt of <see cref="PeerWorkload.PrefillTokens"/> tokens (278 on stories260K, 265
/// on the 0.5B-shaped model) and one output token; tok/s counts prompt tokens. <c>decode</c>: one request with a short
/// prompt (9 to 18 tokens) and <see cref="PeerWorkload.DecodeTokens"/> greedy output tokens; tok/s counts output tokens,
/// and the time includes the short prompt's pass. Operations alternate between two prompts that share no cached prefix.
/// </para>
/// <para>
/// Each case runs in its own process, and its setup loads only the natives it measures (the engine's and LLamaSharp's
/// llama.cpp libraries have the same names and must never meet in one process). The setups check that every request
/// reaches its token count, print the greedy texts, and require the engine's texts to equal the raw loop's.
/// </para>
/// Run: <c>dotnet run -c Release --project benchmarks/Benny.Benchmarks -- --filter '*GgufPeerBenchmarks*'</c>.
/// </remarks>
[Config(typeof(PeerBenchmarkConfig))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class GgufPeerBenchmarks
{
    /// <summary>The category of the prefill cases.</summary>
    public const string Prefill = "prefill";

    /// <summary>The category of the decode cases.</summary>
    public const string Decode = "decode";

    private IPeerEngine? _engine;
    private IReadOnlyList<string>[] _prompts = [];
    private int _maxTokens;
    private int _round;

    /// <summary>The model.</summary>
    [Params(PeerWorkload.Stories, PeerWorkload.QwenShaped)]
    public string Model { get; set; } = "";

    [GlobalSetup(Targets = new[] { nameof(PrefillRaw) })]
    public Task SetupPrefillRawAsync() => SetupAsync(PeerEngineKind.Raw, Prefill);

    [GlobalSetup(Targets = new[] { nameof(PrefillBenny) })]
    public Task SetupPrefillBennyAsync() => SetupAsync(PeerEngineKind.Benny, Prefill);

    [GlobalSetup(Targets = new[] { nameof(PrefillLLamaSharpChatClient) })]
    public Task SetupPrefillLLamaSharpChatClientAsync() => SetupAsync(PeerEngineKind.LLamaSharpChatClient, Prefill);

    [GlobalSetup(Targets = new[] { nameof(PrefillLLamaSharpBatched) })]
    public Task SetupPrefillLLamaSharpBatchedAsync() => SetupAsync(PeerEngineKind.LLamaSharpBatched, Prefill);

    [GlobalSetup(Targets = new[] { nameof(DecodeRaw) })]
    public Task SetupDecodeRawAsync() => SetupAsync(PeerEngineKind.Raw, Decode);

    [GlobalSetup(Targets = new[] { nameof(DecodeBenny) })]
    public Task SetupDecodeBennyAsync() => SetupAsync(PeerEngineKind.Benny, Decode);

    [GlobalSetup(Targets = new[] { nameof(DecodeLLamaSharpChatClient) })]
    public Task SetupDecodeLLamaSharpChatClientAsync() => SetupAsync(PeerEngineKind.LLamaSharpChatClient, Decode);

    [GlobalSetup(Targets = new[] { nameof(DecodeLLamaSharpBatched) })]
    public Task SetupDecodeLLamaSharpBatchedAsync() => SetupAsync(PeerEngineKind.LLamaSharpBatched, Decode);

    [GlobalCleanup]
    public void Cleanup() => _engine?.Dispose();

    [BenchmarkCategory(Prefill), Benchmark(Baseline = true, Description = "prefill: raw native loop")]
    public Task PrefillRaw() => NextAsync();

    [BenchmarkCategory(Prefill), Benchmark(Description = "prefill: Benny IChatClient")]
    public Task PrefillBenny() => NextAsync();

    [BenchmarkCategory(Prefill), Benchmark(Description = "prefill: LLamaSharp IChatClient")]
    public Task PrefillLLamaSharpChatClient() => NextAsync();

    [BenchmarkCategory(Prefill), Benchmark(Description = "prefill: LLamaSharp BatchedExecutor")]
    public Task PrefillLLamaSharpBatched() => NextAsync();

    [BenchmarkCategory(Decode), Benchmark(Baseline = true, Description = "decode: raw native loop")]
    public Task DecodeRaw() => NextAsync();

    [BenchmarkCategory(Decode), Benchmark(Description = "decode: Benny IChatClient")]
    public Task DecodeBenny() => NextAsync();

    [BenchmarkCategory(Decode), Benchmark(Description = "decode: LLamaSharp IChatClient")]
    public Task DecodeLLamaSharpChatClient() => NextAsync();

    [BenchmarkCategory(Decode), Benchmark(Description = "decode: LLamaSharp BatchedExecutor")]
    public Task DecodeLLamaSharpBatched() => NextAsync();

    /// <summary>One operation: the next prompt set (alternating, so nothing is reused from the previous operation).</summary>
    private Task NextAsync() => _engine!.GenerateAsync(_prompts[_round++ & 1], _maxTokens);

    private async Task SetupAsync(PeerEngineKind kind, string operation)
    {
        string path = PeerWorkload.ModelPath(Model);
        int threads = PeerWorkload.Threads(path);
        bool prefill = operation == Prefill;
        _maxTokens = prefill ? 1 : PeerWorkload.DecodeTokens;
        _prompts = prefill
            ? [[PeerWorkload.PrefillPrompt(Model, 0)], [PeerWorkload.PrefillPrompt(Model, 1)]]
            : [PeerWorkload.DecodePrompts(0, 1), PeerWorkload.DecodePrompts(1, 1)];
        int? promptTokens = prefill ? PeerWorkload.PrefillTokens(Model) : null;
        string key = $"single-{Model}-{operation}";
        Console.WriteLine($"// setup: {kind}, {Model} ({path}), {operation}, {threads} thread(s)");

        _engine = await PeerEngines.LoadAsync(kind, path, threads, sequences: 1, _maxTokens);
        Generation[][] texts = await GreedyCheck.WarmUpAsync(_engine, key, _prompts, _maxTokens, promptTokens);
        switch (kind)
        {
            case PeerEngineKind.Raw:
                var raw = (RawLlamaLoop)_engine;
                GreedyCheck.RequireDistinctStarts(raw.Tokenize, raw.AddsBos, _prompts.SelectMany(p => p));
                ProcessNatives.Verify(LlamaNativeLibrary.Loaded!.Directory);
                break;
            case PeerEngineKind.Benny:
                // The floor in this process (same natives), on the same prompts in the same order: the texts must be equal.
                using (RawLlamaLoop floor = RawLlamaLoop.Load(path, threads, sequences: 1))
                {
                    GreedyCheck.RequireSame(floor.Name, await GreedyCheck.WarmUpAsync(floor, key, _prompts, _maxTokens, promptTokens), _engine.Name, texts);
                }

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
