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

    private ServiceProvider BuildFromJson(string benny)
    {
        string json = $$"""{ "Benny": {{benny}} }""";
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddBenny(configuration.GetSection("Benny")).AddEngine(_engine);
        return services.BuildServiceProvider();
    }

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
