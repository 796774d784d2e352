using Benny.Engines.Gguf.Tests.Support;
using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Benny.Engines.Gguf.Tests;

public class GgufEngineProviderTests
{
    [Test]
    public async Task KeyedChatClient_RegistryEntryWithGgufEngine_LoadsThroughTheModelHost()
    {
        var services = new ServiceCollection();
        services.AddBenny(o =>
        {
            o.Models["benny-route-s"] = new ModelDefinition { Engine = "gguf", Path = TestPaths.Stories260K, ContextSize = 256, Backend = "Cpu", Settings = { ["Threads"] = "1" } };
            o.Models["benny-tool-s"] = new ModelDefinition { AliasOf = "benny-route-s" };
        }).AddGgufEngine();
        await using ServiceProvider provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        IChatClient route = provider.GetRequiredKeyedService<IChatClient>("benny-route-s");
        ChatResponse response = await route.GetResponseAsync("Once upon a time", new ChatOptions { MaxOutputTokens = 12 });
        ChatResponse viaAlias = await provider.GetRequiredKeyedService<IChatClient>("benny-tool-s").GetResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 12 });

        Assert.That(response.Text, Does.StartWith(", there was a little girl"), "the route preset is near-greedy (temperature 0.01, top-k 1)");
        Assert.That(viaAlias.Text, Is.EqualTo(response.Text));
        LoadedModelInfo loaded = provider.GetRequiredService<ModelHost>().GetLoadedModels().Single();
        Assert.That(loaded.ModelNames, Is.EqualTo(new[] { "benny-route-s", "benny-tool-s" }), "the alias shares the loaded model");
        Assert.That(loaded.Engine, Is.EqualTo("gguf"));
    }

    [Test]
    public void EffectiveOptions_RegistryEntry_OverridesTheDefaults()
    {
        var defaults = new GgufEngineOptions { ContextSize = 1024, Threads = 4, BatchSize = 256, NativeLibraryDirectory = "/natives" };
        var definition = new ModelDefinition
        {
            Name = "benny-tool-m", ContextSize = 8192, GpuLayers = 20, Backend = "vulkan", Parallel = 2,
            Settings = { ["Threads"] = "2", ["MainGpu"] = "1", ["QueueLimit"] = "8" },
        };

        GgufEngineOptions options = GgufEngineProvider.EffectiveOptions(defaults, definition);

        Assert.That((options.ContextSize, options.GpuLayers, options.Backend, options.Parallel, options.Threads, options.MainGpu, options.BatchSize, options.NativeLibraryDirectory),
            Is.EqualTo(((int?)8192, (int?)20, GgufBackend.Vulkan, 2, (int?)2, 1, 256, "/natives")));
        Assert.That(options.QueueLimit, Is.EqualTo(8));
        Assert.That(GgufEngineProvider.EffectiveOptions(defaults, new ModelDefinition { Name = "m" }).QueueLimit, Is.EqualTo(64), "the documented default");
    }

    [Test]
    public void EffectiveOptions_BadValues_NameTheField()
    {
        Assert.That(() => GgufEngineProvider.EffectiveOptions(new(), new ModelDefinition { Name = "m", Backend = "metal" }),
            Throws.TypeOf<ModelRegistryException>().With.Message.Contains("Benny:Models:m:Backend is 'metal'"));
        Assert.That(() => GgufEngineProvider.EffectiveOptions(new(), new ModelDefinition { Name = "m", Settings = { ["Threads"] = "many" } }),
            Throws.TypeOf<ModelRegistryException>().With.Message.Contains("Benny:Models:m:Settings:Threads is 'many'"));
        Assert.That(() => GgufEngineProvider.EffectiveOptions(new(), new ModelDefinition { Name = "m", Settings = { ["AdaptiveThreads"] = "sometimes" } }),
            Throws.TypeOf<ModelRegistryException>().With.Message.Contains("Benny:Models:m:Settings:AdaptiveThreads is 'sometimes'; use true or false"));
    }

    [Test]
    public void EffectiveOptions_TemplateAndToolCallSettings_OverrideTheDefaults()
    {
        var defaults = new GgufEngineOptions { ChatTemplate = "{{ x }}", ToolCallFormat = Benny.Runtime.Templates.ToolCalling.ToolCallFormat.None };
        var definition = new ModelDefinition
        {
            Name = "benny-tool-m",
            Settings = { ["ChatTemplatePath"] = "~/templates/qwen.jinja", ["ToolCallFormat"] = "hermes", ["ThreadPolling"] = "10", ["AdaptiveThreads"] = "false" },
        };

        GgufEngineOptions options = GgufEngineProvider.EffectiveOptions(defaults, definition);

        Assert.That(options.ChatTemplate, Is.EqualTo("{{ x }}"), "not overridden: the default stays");
        Assert.That(options.ChatTemplatePath, Is.EqualTo(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "templates", "qwen.jinja")));
        Assert.That(options.ToolCallFormat, Is.EqualTo(Benny.Runtime.Templates.ToolCalling.ToolCallFormat.Hermes));
        Assert.That(options.ThreadPolling, Is.EqualTo(10));
        Assert.That(options.AdaptiveThreads, Is.False);
    }

    [Test]
    public void EffectiveOptions_UnknownToolCallFormat_NamesTheFieldAndTheChoices()
    {
        Assert.That(() => GgufEngineProvider.EffectiveOptions(new(), new ModelDefinition { Name = "m", Settings = { ["ToolCallFormat"] = "xml" } }),
            Throws.TypeOf<ModelRegistryException>().With.Message.Contains("Benny:Models:m:Settings:ToolCallFormat is 'xml'").And.Message.Contains("Hermes"));
    }

    [Test]
    public void AddGgufEngine_RegistersTheProviderOnce()
    {
        var services = new ServiceCollection();
        services.AddBenny(o => { }).AddGgufEngine().AddGgufEngine(o => o.Threads = 3);
        using ServiceProvider provider = services.BuildServiceProvider();

        IEngineProvider engine = provider.GetServices<IEngineProvider>().Single();
        Assert.That(engine.EngineName, Is.EqualTo("gguf"));
        Assert.That(provider.GetRequiredService<IOptions<GgufEngineOptions>>().Value.Threads, Is.EqualTo(3));
    }
}
