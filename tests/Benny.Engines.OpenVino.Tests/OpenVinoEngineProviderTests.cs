using System.Collections.Concurrent;
using Benny.Engines.OpenVino.Native;
using Benny.Engines.OpenVino.Tests.Support;
using Benny.Runtime.Hosting;
using Benny.Runtime.Presets;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Benny.Engines.OpenVino.Tests;

public class OpenVinoEngineProviderTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task KeyedChatClient_ImportedConverterRegistryEntry_AnswersThroughTheEngine()
    {
        string folder = _temp.CreateModelFolder("converted_models/benny-route-s/task-text-generation-with-past__wf-int4");
        string registry = Path.Combine(_temp.Path, "registry.json");
        File.WriteAllText(registry, """
            { "models": { "benny-route-s": { "path": "converted_models/benny-route-s/task-text-generation-with-past__wf-int4", "device": "GPU", "source_model": "Qwen/Qwen2.5-1.5B-Instruct" } } }
            """);
        var requests = new ConcurrentQueue<GenAiRequest>();
        var calls = new ConcurrentQueue<(string Folder, string Device, IReadOnlyList<KeyValuePair<string, string>> Properties)>();
        IGenAiPipeline pipeline = FakeRuntime.Pipeline(["light"], new GenAiPerfMetrics(20, 1, 10, 10, 100, 20), requests: requests).Object;
        IGenAiRuntime runtime = FakeRuntime.Create((_, _) => pipeline, calls).Object;
        var engine = new OpenVinoEngineProvider(new OpenVinoEngineOptions { CacheDirectory = Path.Combine(_temp.Path, "cache") }, _ => runtime);

        var services = new ServiceCollection();
        services.AddBenny(o => { }).ImportConverterRegistry(registry).AddEngine(engine).AddOpenVinoEngine();
        await using ServiceProvider provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        ChatResponse response = await provider.GetRequiredKeyedService<IChatClient>("benny-route-s").GetResponseAsync("Classify: hello");

        Assert.That(response.Text, Is.EqualTo("light"));
        Assert.That(calls.Single().Folder, Is.EqualTo(folder));
        Assert.That(calls.Single().Device, Is.EqualTo("GPU"), "the registry entry's device overrides the engine default");
        GenAiGenerationSettings settings = requests.Single().Settings;
        Assert.That((settings.DoSample, settings.Temperature, settings.TopK, settings.MaxNewTokens), Is.EqualTo(((bool?)true, (float?)0.01f, (int?)1, (int?)128)), "the route preset");
        Assert.That(provider.GetServices<IEngineProvider>().Single(), Is.SameAs(engine), "AddOpenVinoEngine does not add a second provider");
        Assert.That(provider.GetRequiredService<ModelHost>().GetLoadedModels().Single().Engine, Is.EqualTo("openvino"));
    }

    [Test]
    public void EffectiveOptions_RegistryEntry_OverridesTheDefaults()
    {
        var defaults = new OpenVinoEngineOptions { NativeLibraryDirectory = "/ov", Device = "CPU", CacheDirectory = "/cache", FallbackDevices = ["CPU"], MaxPromptLength = 1024, FallbackToOtherWeightFormats = false };
        var definition = new ModelDefinition
        {
            Name = "benny-route-s", Device = "NPU", WeightFormat = "int4",
            Settings = { ["CacheDirectory"] = "/npu-cache", ["MaxPromptLength"] = "2048", ["MinResponseLength"] = "128", ["FallbackDevices"] = "GPU, CPU" },
        };

        OpenVinoEngineOptions options = OpenVinoEngineProvider.EffectiveOptions(defaults, definition);

        Assert.That((options.NativeLibraryDirectory, options.Device, options.CacheDirectory, options.MaxPromptLength, options.MinResponseLength, options.FallbackToOtherWeightFormats),
            Is.EqualTo(("/ov", "NPU", "/npu-cache", (int?)2048, (int?)128, false)));
        Assert.That(options.FallbackDevices, Is.EqualTo(new[] { "GPU", "CPU" }));
    }

    [Test]
    public void EffectiveOptions_NoOverrides_KeepsTheDefaults()
    {
        var defaults = new OpenVinoEngineOptions { Device = "GPU", FallbackDevices = ["CPU"], MaxPromptLength = 512 };

        OpenVinoEngineOptions options = OpenVinoEngineProvider.EffectiveOptions(defaults, new ModelDefinition { Name = "m" });

        Assert.That((options.Device, options.MaxPromptLength, options.CacheDirectory), Is.EqualTo(("GPU", (int?)512, (string?)null)));
        Assert.That(options.FallbackDevices, Is.EqualTo(new[] { "CPU" }).And.Not.SameAs(defaults.FallbackDevices));
    }

    [Test]
    public void EffectiveOptions_BadValue_NamesTheField()
        => Assert.That(() => OpenVinoEngineProvider.EffectiveOptions(new(), new ModelDefinition { Name = "m", Settings = { ["MaxPromptLength"] = "long" } }),
            Throws.TypeOf<ModelRegistryException>().With.Message.Contains("Benny:Models:m:Settings:MaxPromptLength is 'long'"));

    [Test]
    public void Provider_NameAndParameters_AreOpenVinoAndAll()
    {
        var provider = new OpenVinoEngineProvider(Options.Create(new OpenVinoEngineOptions()));

        Assert.That((provider.EngineName, provider.SupportedParameters), Is.EqualTo(("openvino", GenerationParameters.All)));
    }

    [TestCase(true, true)]
    [TestCase(true, false)]
    public async Task LoadAsync_EntryAsksForEmbeddings_FailsNamingModelAndEngineBeforeLoading(bool embeddings, bool chat)
    {
        var loads = new ConcurrentQueue<(string Folder, string Device, IReadOnlyList<KeyValuePair<string, string>> Properties)>();
        IGenAiRuntime runtime = FakeRuntime.Create((_, _) => FakeRuntime.Pipeline(["x"], new GenAiPerfMetrics(1, 1, 1, 1, 1, 1)).Object, loads).Object;
        var provider = new OpenVinoEngineProvider(new OpenVinoEngineOptions(), _ => runtime);
        var definition = new ModelDefinition { Name = "ov-embed", Engine = "openvino", Path = _temp.CreateModelFolder("ov"), Embeddings = embeddings, Chat = chat };

        NotSupportedException? error = await Assert.ThrowsAsync<NotSupportedException>(async () => await provider.LoadAsync(definition, new Progress<float>(), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("'ov-embed'").And.Contain("'openvino'"));
        Assert.That(loads, Is.Empty);
    }

    [Test]
    public void ValidateOnStart_EntryAsksForEmbeddings_NamesModelAndEngine()
    {
        var services = new ServiceCollection();
        services.AddBenny(o => o.Models["ov-embed"] = new ModelDefinition { Engine = "openvino", Path = "/models/ov", Embeddings = true }).AddOpenVinoEngine();
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException? error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Message, Does.Contain("Benny:Models:ov-embed:Embeddings is true").And.Contain("engine 'openvino' makes no embeddings"));
    }

    [Test]
    public void AddOpenVinoEngine_CalledTwice_RegistersTheProviderOnceWithBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddBenny(o => { }).AddOpenVinoEngine(o => o.Device = "GPU").AddOpenVinoEngine(o => o.FallbackDevices.Add("CPU"));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.That(provider.GetServices<IEngineProvider>().Single(), Is.TypeOf<OpenVinoEngineProvider>());
        OpenVinoEngineOptions options = provider.GetRequiredService<IOptions<OpenVinoEngineOptions>>().Value;
        Assert.That((options.Device, options.FallbackDevices.Single()), Is.EqualTo(("GPU", "CPU")));
    }
}
