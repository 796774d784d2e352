using BenchmarkDotNet.Attributes;
using Benny.Runtime.Hosting;
using Benny.Runtime.Presets;
using Benny.Runtime.Registry;
using Benny.Runtime.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Benny.Benchmarks;

/// <summary>
/// What Benny's layers cost per request on top of the engine: the same instant engine called directly,
/// through the preset layer alone, through the whole keyed pipeline (prompt template, preset, host lease),
/// through the tier router a user gets from DI (routing to a registry model's pipeline: a cleanup request with a task
/// profile to the light tier and its prompt, a request without options to the default heavy tier, whose model has no
/// prompt), and the keyed pipeline's streaming path.
/// </summary>
/// <remarks>
/// The engine answers at once with a new response per request (as a real engine does), so its own allocations are
/// in the baseline and the layers' cost is the difference to it.
/// </remarks>
[MemoryDiagnoser]
public class PipelineOverheadBenchmarks
{
    private readonly List<ChatMessage> _messages = [new(ChatRole.User, "um so the meeting is at uh three")];

    // A caller that keeps its options across requests (the layers must never change them).
    private readonly ChatOptions _cleanupProfile = new ChatOptions().WithTaskProfile(new TaskProfile { Type = "asr_cleanup" });
    private string _promptDirectory = "";
    private ServiceProvider _provider = null!;
    private IChatClient _engine = null!;
    private IChatClient _presetOnly = null!;
    private IChatClient _pipeline = null!;
    private IChatClient _router = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _promptDirectory = Path.Combine(Path.GetTempPath(), "benny-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_promptDirectory);
        await File.WriteAllTextAsync(Path.Combine(_promptDirectory, "benny-clean-s.prompt"),
            "---\ntemperature: 0\n---\nSystem: You clean up speech-recognition transcripts.\n");

        var engine = new InstantEngineProvider();
        var services = new ServiceCollection();
        services.AddBenny(o =>
        {
            o.Models["benny-clean-s"] = new ModelDefinition { Engine = engine.EngineName, Path = "/bench/model" };
            o.Models["benny-tool-m"] = new ModelDefinition { Engine = engine.EngineName, Path = "/bench/heavy-model" };
            o.Prompts.Directory = _promptDirectory;
            o.Router.Tiers["light"] = "benny-clean-s";
            o.Router.Tiers["heavy"] = "benny-tool-m";
        }).AddEngine(engine).AddTierRouter();
        _provider = services.BuildServiceProvider();
        _pipeline = _provider.GetRequiredKeyedService<IChatClient>("benny-clean-s");
        _router = _provider.GetRequiredService<IChatClient>();
        await _pipeline.GetResponseAsync(_messages); // loads the model outside the measurement
        if ((await _router.GetResponseAsync(_messages, _cleanupProfile)).ModelId != "benny-clean-s"
            || (await _router.GetResponseAsync(_messages)).ModelId != "benny-tool-m")
        {
            throw new InvalidOperationException("The router did not route the cleanup request to the light tier and the plain one to the heavy tier.");
        }

        _engine = InstantEngineProvider.Model;
        _presetOnly = new PresetChatClient(_engine, new PresetResolver(new Dictionary<string, GenerationPreset>()).Resolve(new ModelDefinition { Name = "benny-clean-s" }), GenerationParameters.All, "benny-clean-s");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        Directory.Delete(_promptDirectory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "engine directly")]
    public Task<ChatResponse> Engine() => _engine.GetResponseAsync(_messages);

    [Benchmark(Description = "preset layer + engine")]
    public Task<ChatResponse> PresetLayer() => _presetOnly.GetResponseAsync(_messages);

    [Benchmark(Description = "keyed pipeline (prompt + preset + host lease) + engine")]
    public Task<ChatResponse> KeyedPipeline() => _pipeline.GetResponseAsync(_messages);

    [Benchmark(Description = "router (DI) + keyed pipeline + engine")]
    public Task<ChatResponse> Router() => _router.GetResponseAsync(_messages, _cleanupProfile);

    [Benchmark(Description = "router (DI), no options: default tier, model without prompt")]
    public Task<ChatResponse> RouterDefaultTier() => _router.GetResponseAsync(_messages);

    [Benchmark(Description = "engine directly, streaming")]
    public async Task<int> EngineStreaming()
    {
        int updates = 0;
        await foreach (ChatResponseUpdate update in _engine.GetStreamingResponseAsync(_messages))
        {
            updates += update.Contents.Count;
        }

        return updates;
    }

    [Benchmark(Description = "keyed pipeline + engine, streaming")]
    public async Task<int> KeyedPipelineStreaming()
    {
        int updates = 0;
        await foreach (ChatResponseUpdate update in _pipeline.GetStreamingResponseAsync(_messages))
        {
            updates += update.Contents.Count;
        }

        return updates;
    }

    /// <summary>An engine that answers at once, so only the layers above it are measured.</summary>
    private sealed class InstantEngineProvider : IEngineProvider
    {
        public static readonly InstantModel Model = new();

        public string EngineName => "instant";

        public GenerationParameters SupportedParameters => GenerationParameters.All;

        public Task<IEngineModel> LoadAsync(ModelDefinition definition, IProgress<float> progress, CancellationToken cancellationToken)
            => Task.FromResult<IEngineModel>(Model);

        public sealed class InstantModel : IEngineModel, IChatClient
        {
            public IChatClient ChatClient => this;

            public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
                => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));

            public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
                => StreamAsync(cancellationToken);

            public object? GetService(Type serviceType, object? serviceKey = null) => null;

            public void Dispose()
            {
            }

            private static async IAsyncEnumerable<ChatResponseUpdate> StreamAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
                await Task.CompletedTask.ConfigureAwait(false);
            }
        }
    }
}
