using System.Text;
using Benny.Runtime.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benny.Runtime.Tests;

public class BennyConfigurationBindingValidatorTests
{
    private readonly RecordingEngineProvider _engine = new();
    private readonly ListLoggerProvider _logs = new();

    private ServiceProvider BuildFromJson(string benny, RecordingEngineProvider? engine = null)
    {
        string json = $$"""{ "Benny": {{benny}} }""";
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddBenny(configuration.GetSection("Benny")).AddEngine(engine ?? _engine);
        return services.BuildServiceProvider();
    }

    // One misspelled key in every section: its path, and the key it is closest to.
    private const string MisspelledEverywhere = """
        {
          "StrictParamters": true,
          "Models": { "benny-route-s": { "Engine": "fake", "Path": "/m" } },
          "Prompts": { "Directry": "/p" },
          "Import": { "ConverterRegistry": [ "/r.json" ] },
          "Host": { "KeepAlve": "00:01:00" },
          "Provisioning": { "AutoDownlaod": true },
          "Router": {
            "Polcy": "Rules",
            "Tiers": { "light": "benny-route-s", "heavy": "benny-route-s" },
            "Classifier": { "Timout": "00:00:02" },
            "Rules": [ { "Name": "quick", "Tier": "light", "TaskType": [ "routing" ] } ],
            "Fallbacks": { "light": [ "heavy" ] },
            "TierTimout": "00:00:30"
          }
        }
        """;

    private static readonly (string Path, string Suggestion)[] MisspelledKeys =
    [
        ("Benny:StrictParamters", "StrictParameters"),
        ("Benny:Prompts:Directry", "Directory"),
        ("Benny:Import:ConverterRegistry", "ConverterRegistries"),
        ("Benny:Host:KeepAlve", "KeepAlive"),
        ("Benny:Provisioning:AutoDownlaod", "AutoDownload"),
        ("Benny:Router:Polcy", "Policy"),
        ("Benny:Router:Classifier:Timout", "Timeout"),
        ("Benny:Router:Rules:0:TaskType", "TaskTypes"),
        ("Benny:Router:TierTimout", "TierTimeout"),
    ];

    private string[] Warnings => [.. _logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message)];

    [Test]
    public void KeyedChatClient_UnconvertibleContextSize_FailsNamingFieldAndValueNotAnEmptyRegistry()
    {
        using ServiceProvider provider = BuildFromJson("""
            { "Models": { "benny-route-s": { "Engine": "fake", "Path": "/m", "ContextSize": "big" } } }
            """);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IChatClient>("benny-route-s"));

        Assert.That(error!.Message, Does.Contain("Benny:Models:benny-route-s:ContextSize").And.Contain("'big'"));
        Assert.That(error.Message, Does.Not.Contain("registry is empty"));
    }

    [Test]
    public void Validate_ModelsAsArray_IsAClearError()
    {
        using ServiceProvider provider = BuildFromJson("""
            { "Models": [ { "Engine": "fake", "Path": "/m" } ] }
            """);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Failures, Has.Member("Benny:Models must be an object mapping names to entries, not an array."));
        Assert.That(error.Failures, Has.None.Contain("Benny:Models:0:"), "no model named after an index");
    }

    [Test]
    public void Validate_PresetsAsArray_IsAClearError()
    {
        using ServiceProvider provider = BuildFromJson("""
            { "Models": { "benny-route-s": { "Engine": "fake", "Path": "/m" } }, "Presets": [ { "Temperature": 0.2 } ] }
            """);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Failures, Has.Member("Benny:Presets must be an object mapping names to entries, not an array."));
    }

    [Test]
    public void Validate_MisspelledKeys_AreWarningsSuggestingTheClosestKey()
    {
        using ServiceProvider provider = BuildFromJson("""
            {
              "Models": { "benny-route-s": { "Engine": "fake", "Path": "/m", "Pth": "/other", "Parameters": { "Temprature": 0.2 } } },
              "Presets": { "tool": { "Top_P": 0.5, "TopK": 3 } }
            }
            """);

        Assert.DoesNotThrow(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(Warnings, Has.Member("Benny:Models:benny-route-s:Pth is not a known setting and is ignored; did you mean 'Path'?"));
        Assert.That(Warnings, Has.Member("Benny:Models:benny-route-s:Parameters:Temprature is not a known setting and is ignored; did you mean 'Temperature'?"));
        Assert.That(Warnings, Has.Member("Benny:Presets:tool:Top_P is not a known setting and is ignored; did you mean 'TopP'?"));
        Assert.That(Warnings, Has.Length.EqualTo(3), "known keys (any case) and free-form Settings are not reported");
    }

    [Test]
    public void Validate_MisspelledKeyInEachSection_IsAWarningSuggestingTheClosestKey()
    {
        using ServiceProvider provider = BuildFromJson(MisspelledEverywhere);

        Assert.DoesNotThrow(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(Warnings, Is.EquivalentTo(MisspelledKeys.Select(k => $"{k.Path} is not a known setting and is ignored; did you mean '{k.Suggestion}'?")),
            "map keys (model, tier and fallback names) are free; nothing else is reported");
    }

    [Test]
    public void Validate_MisspelledKeyInEachSectionInStrictMode_IsAnError()
    {
        using ServiceProvider provider = BuildFromJson(MisspelledEverywhere.Replace("\"StrictParamters\": true", "\"StrictConfiguration\": true, \"StrictParamters\": true", StringComparison.Ordinal));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Failures, Is.SupersetOf(MisspelledKeys.Select(k => $"{k.Path} is not a known setting; did you mean '{k.Suggestion}'?")));
        Assert.That(Warnings, Is.Empty);
    }

    [Test]
    public void Validate_EveryKnownSection_NoWarning()
    {
        using ServiceProvider provider = BuildFromJson("""
            {
              "StrictParameters": false, "StrictConfiguration": false, "Profile": "default",
              "Models": { "benny-route-s": { "Engine": "fake", "Path": "/m", "Parameters": { "Temperature": 0.2 } } },
              "Presets": { "tool": { "TopP": 0.5 } },
              "Import": { "ConverterRegistries": [], "ProfilesManifests": [] },
              "Host": { "KeepAlive": "00:01:00", "MaxLoadedModels": 2 },
              "Provisioning": { "AutoDownload": false, "MaxRetries": 2, "RetryDelay": "00:00:01" },
              "Server": { "RouterModelName": "benny-router" },
              "Router": {
                "Policy": "Classifier", "DefaultTier": "heavy", "ClassifierTier": "light",
                "Tiers": { "light": "benny-route-s", "heavy": "benny-route-s" },
                "Classifier": { "Timeout": "00:00:02", "UseGrammar": false, "DecisionFormat": "Label", "CacheDecisions": true, "CacheSize": 16 },
                "Rules": [ { "Name": "quick", "Tier": "light", "Match": "Any", "TaskTypes": [ "routing" ], "Complexities": [ "Low" ], "OutputTokensBelow": 10 } ],
                "Fallbacks": { "light": [ "heavy" ], "heavy": [ "light" ] },
                "MaxRetries": 1, "AllowedFails": 1, "FailureWindow": "00:01:00", "CooldownTime": "00:00:30",
                "TierTimeout": "00:00:30", "TierTimeouts": { "heavy": "00:02:00" }
              }
            }
            """);

        Assert.DoesNotThrow(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(Warnings, Is.Empty, "Benny:Server belongs to Benny.Server and is not an unknown key");
    }

    [Test]
    public void Validate_RouterTiersAsArray_IsAnErrorNamingTheKey()
    {
        using ServiceProvider provider = BuildFromJson("""
            { "Models": { "benny-route-s": { "Engine": "fake", "Path": "/m" } }, "Router": { "Tiers": [ "benny-route-s" ] } }
            """);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Failures, Has.Member("Benny:Router:Tiers must be an object mapping names to entries, not an array."));
    }

    [Test]
    public void Validate_RouterRulesAsObject_IsAnErrorNamingTheKey()
    {
        using ServiceProvider provider = BuildFromJson("""
            {
              "Models": { "benny-route-s": { "Engine": "fake", "Path": "/m" } },
              "Router": { "Tiers": { "light": "benny-route-s", "heavy": "benny-route-s" }, "Rules": { "quick": { "Tier": "light", "TaskTypes": [ "routing" ] } } }
            }
            """);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Failures, Has.Member("Benny:Router:Rules must be an array, not an object."));
        Assert.That(Warnings, Has.None.Contain("TaskTypes"), "the entries of a misshapen list are not checked as if they were keys");
    }

    [Test]
    public void Validate_SettingTheEngineDoesNotRead_IsAWarningSuggestingTheClosestKey()
    {
        var engine = new RecordingEngineProvider("declaring") { SettingsKeys = ["Threads", "BatchSize"] };
        using ServiceProvider provider = BuildFromJson("""
            {
              "Models": {
                "benny-route-s": { "Engine": "declaring", "Path": "/m", "Settings": { "Thread": "4", "batchsize": "8", "Flash": "on" } }
              }
            }
            """, engine);

        Assert.DoesNotThrow(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(Warnings, Is.EquivalentTo(new[]
        {
            "Benny:Models:benny-route-s:Settings:Thread is not a known setting and is ignored; did you mean 'Threads'?",
            "Benny:Models:benny-route-s:Settings:Flash is not a known setting and is ignored.",
        }), "keys compare case-insensitively (an engine that declares no keys is not checked: see Validate_KnownKeysInAnyCase_NoWarning)");
    }

    [Test]
    public void Validate_SettingTheEngineDoesNotReadInStrictMode_IsAnError()
    {
        var engine = new RecordingEngineProvider("declaring") { SettingsKeys = ["Threads"] };
        using ServiceProvider provider = BuildFromJson("""
            { "StrictConfiguration": true, "Models": { "benny-route-s": { "Engine": "declaring", "Path": "/m", "Settings": { "Thread": "4" } } } }
            """, engine);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Failures, Has.Member("Benny:Models:benny-route-s:Settings:Thread is not a known setting; did you mean 'Threads'?"));
    }

    [Test]
    public void Validate_KnownKeysInAnyCase_NoWarning()
    {
        using ServiceProvider provider = BuildFromJson("""
            { "Models": { "benny-route-s": { "engine": "fake", "PATH": "/m", "contextSize": 4096, "Settings": { "flash_attn": "true" }, "Metadata": { "x": "y" }, "Parameters": { "stopSequences": [ "\n" ] } } } }
            """);

        Assert.DoesNotThrow(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(Warnings, Is.Empty);
    }

    [Test]
    public void Validate_UnknownKeyInStrictMode_IsAnError()
    {
        using ServiceProvider provider = BuildFromJson("""
            { "StrictConfiguration": true, "Models": { "benny-route-s": { "Engine": "fake", "Path": "/m", "Parameters": { "Temprature": 0.2 } } } }
            """);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Failures, Has.Member("Benny:Models:benny-route-s:Parameters:Temprature is not a known setting; did you mean 'Temperature'?"));
    }

    [Test]
    public void Validate_ParameterOutOfRange_NamesFieldAndAllowedRange()
    {
        using ServiceProvider provider = BuildFromJson("""
            { "Models": { "benny-route-s": { "Engine": "fake", "Path": "/m", "Parameters": { "Temperature": 9 } } } }
            """);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Message, Does.Contain("Benny:Models:benny-route-s:Parameters:Temperature is 9; it must be in [0, 2]"));
    }
}
