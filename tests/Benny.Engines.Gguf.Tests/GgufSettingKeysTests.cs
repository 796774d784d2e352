using System.Text.Json;
using Benny.Runtime.Registry;
using Benny.Engines.Gguf.Tests.Support;
using Benny.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benny.Engines.Gguf.Tests;

public class GgufSettingKeysTests
{
    // A valid value for each declared key that differs from the default, so that reading it shows in the options.
    private static readonly Dictionary<string, string> ValidValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Threads"] = "3",
        ["BatchSize"] = "77",
        ["MainGpu"] = "2",
        ["QueueLimit"] = "5",
        ["ThreadPolling"] = "10",
        ["AdaptiveThreads"] = "false",
        ["ChatTemplate"] = "{{ messages }}",
        ["ChatTemplatePath"] = "/templates/chat.jinja",
        ["ToolCallFormat"] = "Hermes",
        ["EmbeddingPooling"] = "Cls",
        ["EmbeddingNormalize"] = "false",
        ["EmbeddingTruncate"] = "true",
        ["EmbeddingContextSize"] = "128",
        ["EmbeddingBatchInputs"] = "4",
    };

    [Test]
    public void All_EveryDeclaredKey_IsReadByTheProvider()
    {
        var defaults = new GgufEngineOptions();
        string Read(ModelDefinition definition)
        {
            GgufEngineOptions effective = GgufEngineProvider.EffectiveOptions(defaults, definition);
            return JsonSerializer.Serialize(effective) + JsonSerializer.Serialize(GgufEngineProvider.EmbeddingOptions(effective, definition));
        }

        string unchanged = Read(new ModelDefinition { Name = "m" });

        Assert.That(GgufSettingKeys.All, Is.EquivalentTo(ValidValues.Keys), "a new key gets a value here");
        foreach (string key in GgufSettingKeys.All)
        {
            var definition = new ModelDefinition { Name = "m", Settings = { [key] = ValidValues[key] } };
            Assert.That(Read(definition), Is.Not.EqualTo(unchanged), $"Settings:{key} changes nothing");
        }
    }

    [Test]
    public void Validate_MisspelledSettingsKeyOfAGgufModel_IsAWarningNamingTheClosestKey()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Benny:Models:benny-route-s:Engine"] = "gguf",
            ["Benny:Models:benny-route-s:Path"] = TestPaths.Stories260K,
            ["Benny:Models:benny-route-s:Settings:Thread"] = "2",
            ["Benny:Models:benny-route-s:Settings:BatchSize"] = "64",
        }).Build();
        using var logs = new CollectingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddBenny(configuration.GetSection("Benny")).AddGgufEngine();
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.That(logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message), Is.EqualTo(new[]
        {
            "Benny:Models:benny-route-s:Settings:Thread is not a known setting and is ignored; did you mean 'Threads'?",
        }));
    }
}
