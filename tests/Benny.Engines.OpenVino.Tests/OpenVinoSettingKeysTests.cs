using System.Text.Json;
using Benny.Runtime.Registry;

namespace Benny.Engines.OpenVino.Tests;

public class OpenVinoSettingKeysTests
{
    // A valid value for each declared key that differs from the default, so that reading it shows in the options.
    private static readonly Dictionary<string, string> ValidValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CacheDirectory"] = "/npu-cache",
        ["MaxPromptLength"] = "2048",
        ["MinResponseLength"] = "128",
        ["FallbackDevices"] = "NPU",
    };

    [Test]
    public void All_EveryDeclaredKey_IsReadByTheProvider()
    {
        var defaults = new OpenVinoEngineOptions();
        string unchanged = JsonSerializer.Serialize(OpenVinoEngineProvider.EffectiveOptions(defaults, new ModelDefinition { Name = "m" }));

        Assert.That(OpenVinoSettingKeys.All, Is.EquivalentTo(ValidValues.Keys), "a new key gets a value here");
        foreach (string key in OpenVinoSettingKeys.All)
        {
            var definition = new ModelDefinition { Name = "m", Settings = { [key] = ValidValues[key] } };
            Assert.That(JsonSerializer.Serialize(OpenVinoEngineProvider.EffectiveOptions(defaults, definition)), Is.Not.EqualTo(unchanged), $"Settings:{key} changes nothing");
        }
    }
}
