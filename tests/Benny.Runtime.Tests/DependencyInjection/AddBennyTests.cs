using System.Text;
using Benny.Runtime.Hosting;
using Benny.Runtime.Presets;
using Benny.Runtime.Registry;
using Benny.Runtime.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benny.Runtime.Tests.DependencyInjection;

public class AddBennyTests
{
    private readonly TempDirectory _temp = new();
    private readonly RecordingEngineProvider _engine = new();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private ServiceProvider BuildFromJson(string json, Action<IBennyBuilder>? configure = null)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        IBennyBuilder builder = services.AddBenny(configuration.GetSection("Benny")).AddEngine(_engine);
        configure?.Invoke(builder);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private string Json(string models, string extra = "") =>
        $$"""{ "Benny": { "Models": { {{models}} }, "Prompts": { "Directory": "{{_temp.Path}}" } {{extra}} } }""";

    [Test]
    public async Task KeyedChatClient_ComposesPromptPresetAndEngine_EndToEnd()
    {
        _temp.Write("benny-clean-s.prompt", """
            ---
            temperature: 0.3
            ---
            System: You clean up speech-recognition transcripts.
            """);
        using ServiceProvider provider = BuildFromJson(Json("""
            "benny-clean-s": { "Engine": "fake", "Path": "/models/clean.gguf" }
            """));

        IChatClient client = provider.GetRequiredKeyedService<IChatClient>("benny-clean-s");
        ChatResponse response = await client.GetResponseAsync("um so like hello there", new ChatOptions { MaxOutputTokens = 20 });

        Assert.That(response.Text, Is.EqualTo("the answer is 42"));
        Assert.That(response.Usage?.OutputTokenCount, Is.EqualTo(4));
        Assert.That(_engine.Models, Has.Count.EqualTo(1));
        (IReadOnlyList<ChatMessage> messages, ChatOptions? options) = _engine.Models.Single().Requests.Single();
        Assert.That(messages.Select(m => (m.Role, m.Text)), Is.EqualTo(new[]
        {
            (ChatRole.System, "You clean up speech-recognition transcripts."),
            (ChatRole.User, "um so like hello there"),
        }));
        Assert.That(options!.MaxOutputTokens, Is.EqualTo(20), "the caller wins");
        Assert.That(options.Temperature, Is.EqualTo(0.3f), "the prompt's front matter wins over the preset");
        Assert.That(options.GetRepetitionPenalty(), Is.EqualTo(1.05f), "from the 'clean' purpose preset");
        Assert.That(options.TopK, Is.EqualTo(1), "from the 'clean' purpose preset");
    }

    [Test]
    public async Task KeyedChatClient_Alias_SharesOneLoadButKeepsItsOwnPreset()
    {
        using ServiceProvider provider = BuildFromJson(Json("""
            "benny-route-m": { "Engine": "fake", "Path": "/models/m.gguf" },
            "benny-tool-s": { "AliasOf": "benny-route-m" }
            """));

        await provider.GetRequiredKeyedService<IChatClient>("benny-route-m").GetResponseAsync("a");
        await provider.GetRequiredKeyedService<IChatClient>("benny-tool-s").GetResponseAsync("b");

        Assert.That(_engine.Loads, Is.EqualTo(1));
        ChatOptions?[] options = [.. _engine.Models.Single().Requests.Select(r => r.Options)];
        Assert.That(options.Select(o => o!.Temperature), Is.EqualTo(new float?[] { 0.01f, 0.1f }), "route preset, then tool preset");
    }

    [Test]
    public async Task KeyedChatClient_SameArtifactAndSettings_SharesOneLoad()
    {
        using ServiceProvider provider = BuildFromJson(Json("""
            "benny-clean-s": { "Engine": "fake", "Path": "/models/shared.gguf" },
            "benny-extract-s": { "Engine": "fake", "Path": "/models/../models/shared.gguf" },
            "benny-rewrite-s": { "Engine": "fake", "Path": "/models/shared.gguf", "ContextSize": 8192 }
            """));

        foreach (string name in new[] { "benny-clean-s", "benny-extract-s", "benny-rewrite-s" })
        {
            await provider.GetRequiredKeyedService<IChatClient>(name).GetResponseAsync("x");
        }

        Assert.That(_engine.Loads, Is.EqualTo(2), "different load settings load separately");
    }

    [Test]
    public void KeyedChatClient_SameName_IsOneInstanceAndNamesAreCaseInsensitive()
    {
        using ServiceProvider provider = BuildFromJson(Json("""
            "benny-route-s": { "Engine": "fake", "Path": "/models/a.gguf" }
            """));

        Assert.That(provider.GetRequiredKeyedService<IChatClient>("benny-route-s"), Is.SameAs(provider.GetRequiredKeyedService<IChatClient>("benny-route-s")));
        Assert.That(
            provider.GetRequiredKeyedService<IChatClient>("BENNY-ROUTE-S").GetService<ChatClientMetadata>()?.DefaultModelId,
            Is.EqualTo("benny-route-s"),
            "names are case-insensitive; the client reports the registered spelling");
    }

    [Test]
    public void KeyedChatClient_UnknownName_ThrowsListingRegisteredModels()
    {
        using ServiceProvider provider = BuildFromJson(Json("""
            "benny-route-s": { "Engine": "fake", "Path": "/models/a.gguf" }
            """));

        var error = Assert.Throws<UnknownModelException>(() => provider.GetRequiredKeyedService<IChatClient>("benny-nope-s"));

        Assert.That(error!.Message, Does.Contain("benny-nope-s").And.Contain("benny-route-s"));
    }

    [Test]
    public async Task KeyedChatClient_EngineThrowsDuringLoad_SurfacesModelLoadException()
    {
        _engine.LoadFailure = new InvalidDataException("bad magic");
        using ServiceProvider provider = BuildFromJson(Json("""
            "benny-route-s": { "Engine": "fake", "Path": "/models/a.gguf" }
            """));

        var error = await Assert.ThrowsAsync<ModelLoadException>(() => provider.GetRequiredKeyedService<IChatClient>("benny-route-s").GetResponseAsync("x"));

        Assert.That(error!.ModelName, Is.EqualTo("benny-route-s"));
        Assert.That(error.InnerException, Is.TypeOf<InvalidDataException>());
    }

    [Test]
    public async Task KeyedChatClient_UnsupportedParameters_DroppedOrRejectedInStrictMode()
    {
        var engine = new RecordingEngineProvider("limited", GenerationParameters.Temperature | GenerationParameters.MaxOutputTokens);
        var services = new ServiceCollection();
        services.AddBenny(o =>
        {
            o.Models["benny-tool-m"] = new ModelDefinition { Engine = "limited", Path = "/models/t.gguf" };
            o.StrictParameters = true;
        }).AddEngine(engine);
        using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient client = provider.GetRequiredKeyedService<IChatClient>("benny-tool-m");

        await client.GetResponseAsync("x");
        ChatOptions received = engine.Models.Single().Requests.Single().Options!;
        Assert.That((received.Temperature, received.TopK, received.TopP), Is.EqualTo(((float?)0.1f, (int?)null, (float?)null)));

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("x", new ChatOptions { TopK = 3 }));
        Assert.That(error!.Message, Does.Contain("TopK"));
    }

    [Test]
    public void ValidateOnStart_InvalidRegistry_ReportsEveryFieldToFix()
    {
        using ServiceProvider provider = BuildFromJson(Json("""
            "benny-tool-s": { "AliasOf": "benny-route-m" },
            "benny-loop-s": { "AliasOf": "benny-loop-m" },
            "benny-loop-m": { "AliasOf": "benny-loop-s" },
            "benny-onnx-s": { "Engine": "onnx", "Path": "/m" },
            "benny-odd-s": { "Engine": "fake", "Path": "/m", "Preset": "nope", "Parameters": { "Temperature": -1 } }
            """, """, "Presets": { "tool": { "TopP": 3 } }, "Host": { "MaxLoadedModels": -1 }"""));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Message, Does.Contain("Benny:Models:benny-tool-s:AliasOf names 'benny-route-m'")
            .And.Contain("cycle")
            .And.Contain("Benny:Models:benny-onnx-s:Engine is 'onnx'")
            .And.Contain("Benny:Models:benny-odd-s:Preset names 'nope'")
            .And.Contain("Benny:Models:benny-odd-s:Parameters:Temperature is -1")
            .And.Contain("Benny:Presets:tool:TopP is 3")
            .And.Contain("Benny:Host:MaxLoadedModels is -1"));
    }

    [Test]
    public void ValidateOnStart_EntriesWithUnconvertibleValues_NameFieldAndValueBeforeTheErrorsTheyCause()
    {
        using ServiceProvider provider = BuildFromJson(Json("""
            "benny-route-s": { "Engine": "fake", "Path": "/m", "ContextSize": "big" },
            "benny-tool-m": { "Engine": "fake", "Path": "/m2" }
            """, """
            , "Presets": { "tool": { "Temperature": "hot" } },
            "Router": { "Tiers": { "light": "benny-route-s", "heavy": "benny-tool-m" }, "Rules": [ { "Name": "r", "Tier": "light", "MinSteps": "many" } ] }
            """));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Failures.Take(3), Is.EqualTo(new[]
        {
            "Benny:Models:benny-route-s cannot be read, so it is ignored: Failed to convert configuration value 'big' at 'Benny:Models:benny-route-s:ContextSize' to type 'System.Int32'. Fix the value in the configuration.",
            "Benny:Presets:tool cannot be read, so it is ignored: Failed to convert configuration value 'hot' at 'Benny:Presets:tool:Temperature' to type 'System.Single'. Fix the value in the configuration.",
            "Benny:Router:Rules:0 cannot be read, so it is ignored: Failed to convert configuration value 'many' at 'Benny:Router:Rules:0:MinSteps' to type 'System.Int32'. Fix the value in the configuration.",
        }));
        Assert.That(error.Failures, Has.Some.StartsWith("Benny:Router:Tiers:light names 'benny-route-s', which is not a registered model"), "the consequence is still reported, after its cause");
    }

    [Test]
    public void ValidateOnStart_MalformedPromptFile_NamesTheFile()
    {
        string file = _temp.Write("benny-clean-s.prompt", "---\ntemperature: [unclosed\n---\nSystem: hi\n");
        using ServiceProvider provider = BuildFromJson(Json("""
            "benny-clean-s": { "Engine": "fake", "Path": "/m" }
            """));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Message, Does.Contain("Benny:Prompts:Directory").And.Contain(file));
    }

    [Test]
    public void ValidateOnStart_MissingPromptDirectory_IsAnError()
    {
        var services = new ServiceCollection();
        services.AddBenny(o => o.Prompts.Directory = Path.Combine(_temp.Path, "absent")).AddEngine(_engine);
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Message, Does.Contain("absent"));
    }

    [Test]
    public void ValidateOnStart_ValidConfiguration_Passes()
    {
        using ServiceProvider provider = BuildFromJson(Json("""
            "benny-route-s": { "Engine": "FAKE", "Path": "~/models/a.gguf", "Preset": "classify", "Parameters": { "MaxOutputTokens": 8, "StopSequences": [ "\n" ] } }
            """));

        Assert.DoesNotThrow(() => provider.GetRequiredService<IStartupValidator>().Validate());
        ModelDefinition definition = provider.GetRequiredService<ModelRegistry>().GetDefinition("benny-route-s");
        Assert.That(definition.Name, Is.EqualTo("benny-route-s"), "named after its configuration key");
        Assert.That(definition.Parameters!.StopSequences, Is.EqualTo(new[] { "\n" }));
    }

    [Test]
    public async Task Dispose_ServiceProvider_DisposesLoadedModels()
    {
        ServiceProvider provider = BuildFromJson(Json("""
            "benny-route-s": { "Engine": "fake", "Path": "/models/a.gguf" }
            """));
        await provider.GetRequiredKeyedService<IChatClient>("benny-route-s").GetResponseAsync("x");

        await provider.DisposeAsync();

        Assert.That(_engine.Models.Single().Disposed, Is.True);
    }

    [Test]
    public void AddBenny_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddBenny(o => { });
        int count = services.Count;

        services.AddBenny(o => { });

        Assert.That(services.Count(d => d.ServiceType == typeof(ModelHost)), Is.EqualTo(1));
        Assert.That(services, Has.Count.EqualTo(count + 1), "only the second configure action is added");
    }

    [Test]
    public async Task Import_ConverterRegistryAndProfilesFromConfiguration_ServeModelsAndExplicitEntriesWin()
    {
        string registry = _temp.Write("converted/registry.json", """
            { "models": {
                "benny-route-s": { "path": "benny-route-s/task-text-generation-with-past__wf-int8", "engine": "fake" },
                "benny-clean-s": { "path": "benny-clean-s/wf-int4", "engine": "fake" } } }
            """);
        string manifest = _temp.Write("configs/llm_models.json", """
            { "profiles": {
                "default": { "models": { "general": "benny-route-s" } },
                "edge": { "models": { "general": { "name": "benny-clean-s", "parameters": { "num_predict": 64 } } } } } }
            """);
        using ServiceProvider provider = BuildFromJson(Json(
            """ "benny-clean-s": { "Engine": "fake", "Path": "/explicit/clean" } """,
            $$""", "Profile": "edge", "Import": { "ConverterRegistries": [ "{{registry}}" ], "ProfilesManifests": [ "{{manifest}}" ] }"""));

        ModelRegistry models = provider.GetRequiredService<ModelRegistry>();
        Assert.That(models.GetDefinition("benny-route-s").WeightFormat, Is.EqualTo("int8"));
        Assert.That(models.GetDefinition("benny-clean-s").Path, Is.EqualTo("/explicit/clean"), "explicit Benny:Models entries win");
        Assert.That(models.Resolve("general").Target.Name, Is.EqualTo("benny-clean-s"), "the 'edge' profile was imported");

        await provider.GetRequiredKeyedService<IChatClient>("general").GetResponseAsync("x");

        ChatOptions options = _engine.Models.Single().Requests.Single().Options!;
        Assert.That(options.MaxOutputTokens, Is.EqualTo(64), "num_predict of the profile role");
        Assert.That(_engine.Models.Single().Definition.Path, Is.EqualTo("/explicit/clean"));
    }

    [Test]
    public void Import_MalformedRegistry_FailsAtStartNamingTheFile()
    {
        string registry = _temp.Write("registry.json", """{ "models": [ "not", "an", "object" ] }""");
        var services = new ServiceCollection();
        services.AddBenny(o => { }).AddEngine(_engine).ImportConverterRegistry(registry);
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<RegistryImportException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.FilePath, Is.EqualTo(registry));
        Assert.That(error.Message, Does.Contain("$.models"));
    }

    [Test]
    public async Task Logging_LoadAndRequest_CarryModelEngineAndTimings()
    {
        var logs = new ListLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddBenny(o => o.Models["benny-route-s"] = new ModelDefinition { Engine = "fake", Path = "/models/a.gguf" }).AddEngine(_engine);
        using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IChatClient>("benny-route-s").GetResponseAsync("x");

        string[] messages = [.. logs.Entries.Select(e => e.Message)];
        Assert.That(messages, Has.Some.Match(@"Loaded model benny-route-s with engine fake in \d+ ms"));
        Assert.That(messages, Has.Some.Match(@"Model benny-route-s \(engine fake\) answered in \d+ ms; input tokens 3, output tokens 4"));
    }
}
