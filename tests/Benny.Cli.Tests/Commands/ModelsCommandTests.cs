using System.Text.Json;
using System.Text.Json.Nodes;
using Benny.Cli.Tests.Support;

namespace Benny.Cli.Tests.Commands;

public class ModelsCommandTests
{
    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp() => _sandbox = new CliSandbox();

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public async Task Models_AppSettingsInTheCurrentFolder_ListsEachEntry()
    {
        _sandbox.WriteModels(("stories", CliSandbox.StoriesEntry()), ("story-teller", new JsonObject { ["AliasOf"] = "stories" }));

        CliResult result = await _sandbox.RunAsync("models");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("stories").And.Contain("story-teller").And.Contain(CliSandbox.Stories260K).And.Contain("gguf"));
        Assert.That(result.Error, Is.Empty);
    }

    [Test]
    public async Task Models_Json_PrintsOneObjectPerEntryWithItsState()
    {
        var missing = CliSandbox.StoriesEntry();
        missing["Path"] = Path.Combine(_sandbox.Directory, "absent.gguf");
        _sandbox.WriteModels(("stories", CliSandbox.StoriesEntry()), ("story-teller", new JsonObject { ["AliasOf"] = "stories" }), ("absent", missing));

        CliResult result = await _sandbox.RunAsync("models", "--json");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement[] rows = [.. json.RootElement.EnumerateArray()];
        Assert.That(rows.Select(r => r.GetProperty("name").GetString()), Is.EqualTo(new[] { "absent", "stories", "story-teller" }));
        Assert.That(rows[0].GetProperty("downloaded").GetBoolean(), Is.False);
        Assert.That(rows[1].GetProperty("downloaded").GetBoolean(), Is.True);
        Assert.That(rows[1].GetProperty("loaded").GetBoolean(), Is.False, "nothing is loaded in a fresh process");
        Assert.That(rows[1].GetProperty("engine").GetString(), Is.EqualTo("gguf"));
        Assert.That(rows[2].GetProperty("alias_of").GetString(), Is.EqualTo("stories"));
        Assert.That(rows[2].GetProperty("path").GetString(), Is.EqualTo(CliSandbox.Stories260K));
    }

    [Test]
    public async Task Models_ConfigOption_ReadsTheFileAfterAppSettings()
    {
        _sandbox.WriteModels(("stories", CliSandbox.StoriesEntry()));
        var other = new JsonObject { ["Models"] = new JsonObject { ["from-config"] = CliSandbox.StoriesEntry() } };
        string config = _sandbox.WriteConfiguration(other, "other.json");

        CliResult result = await _sandbox.RunAsync("models", "--json", "--config", config);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Output);
        Assert.That(json.RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()), Is.EqualTo(new[] { "from-config", "stories" }));
    }
}
