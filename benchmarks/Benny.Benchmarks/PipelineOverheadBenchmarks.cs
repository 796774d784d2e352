using BenchmarkDotNet.Attributes;
using Benny.Runtime.Hosting;
using Benny.Runtime.Presets;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Benny.Benchmarks;

/// <summary>
/// What Benny's layers cost per request on top of the engine: the same instant engine called directly,
/// through the preset layer alone, and through the whole keyed pipeline (prompt template, preset, host lease).
/// </summary>
[MemoryDiagnoser]
public class PipelineOverheadBenchmarks
{
    private readonly List<ChatMessage> _messages = [new(ChatRole.User, "um so the meeting is at uh three")];
    private string _promptDirectory = "";
    private ServiceProvider _provider = null!;
    private IChatClient _engine = null!;
    private IChatClient _presetOnly = null!;
    private IChatClient _pipeline = null!;

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
            o.Prompts.Directory = _promptDirectory;
        }).AddEngine(engine);
        _provider = services.BuildServiceProvider();
        _pipeline = _provider.GetRequiredKeyedService<IChatClient>("benny-clean-s");
        await _pipeline.GetResponseAsync(_messages); // loads the model outside the measurement

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
            private static readonly ChatResponse Response = new(new ChatMessage(ChatRole.Assistant, "ok"));

            public IChatClient ChatClient => this;

            public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
                => Task.FromResult(Response);

            public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
                => throw new NotSupportedException("The overhead benchmark uses the non-streaming path.");

            public object? GetService(Type serviceType, object? serviceKey = null) => null;

            public void Dispose()
            {
            }
        }
    }
}
