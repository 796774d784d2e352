using System.Text.Json.Nodes;
using Benny.Cli.Tests.Support;

namespace Benny.Cli.Tests;

public class BennyCliTests
{
    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp() => _sandbox = new CliSandbox();

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public async Task RunAsync_UnknownOption_ExitsTwoWithOneLine()
    {
        CliResult result = await _sandbox.RunAsync("models", "--bogus");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1));
        Assert.That(result.ErrorLines[0], Does.StartWith("benny: ").And.Contain("--bogus"));
    }

    [Test]
    public async Task RunAsync_NoCommand_ExitsTwo()
    {
        CliResult result = await _sandbox.RunAsync([]);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
    }

    [Test]
    public async Task RunAsync_Help_ListsTheCommands()
    {
        CliResult result = await _sandbox.RunAsync("--help");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("models").And.Contain("pull").And.Contain("provision").And.Contain("chat").And.Contain("bench").And.Contain("eval").And.Contain("doctor"));
    }

    [Test]
    public async Task RunAsync_ValueThatDoesNotConvert_ExitsOneNamingTheField()
    {
        var entry = CliSandbox.StoriesEntry();
        entry["ContextSize"] = "big";
        _sandbox.WriteModels(("stories", entry));

        CliResult result = await _sandbox.RunAsync("models");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1), result.ToString());
        Assert.That(result.ErrorLines[0], Does.StartWith("benny: ").And.Contain("ContextSize").And.Contain("big"));
    }

    [Test]
    public async Task RunAsync_InvalidValue_ExitsOneNamingTheField()
    {
        var entry = CliSandbox.StoriesEntry();
        entry["ContextSize"] = -4;
        _sandbox.WriteModels(("stories", entry));

        CliResult result = await _sandbox.RunAsync("doctor");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1), result.ToString());
        Assert.That(result.ErrorLines[0], Does.Contain("Benny:Models:stories:ContextSize"));
    }

    [Test]
    public async Task RunAsync_MissingConfigFile_ExitsOneNamingIt()
    {
        CliResult result = await _sandbox.RunAsync("models", "--config", "nowhere.json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1));
        Assert.That(result.ErrorLines[0], Does.Contain(Path.Combine(_sandbox.Directory, "nowhere.json")));
    }

    [Test]
    public async Task RunAsync_MalformedJson_ExitsOneNamingTheFileAndLine()
    {
        File.WriteAllText(Path.Combine(_sandbox.Directory, "appsettings.json"), "{\n  \"Benny\": { \"Models\": \n}");

        CliResult result = await _sandbox.RunAsync("models");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1));
        Assert.That(result.ErrorLines[0], Does.Contain("appsettings.json").And.Contain("line 3"));
    }

    [Test]
    public async Task RunAsync_Verbose_AddsTheStackTrace()
    {
        _sandbox.WriteModels(("stories", CliSandbox.StoriesEntry()));

        CliResult result = await _sandbox.RunWithInputAsync("", "chat", "benny-nope-s", "--verbose");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure));
        Assert.That(result.ErrorLines.Length, Is.GreaterThan(1));
        Assert.That(result.Error, Does.Contain("UnknownModelException"));
    }

    [Test]
    public async Task RunAsync_NoConfiguration_ModelsSaysHowToAddOne()
    {
        CliResult result = await _sandbox.RunAsync("models");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("No models are registered"));
    }

    [Test]
    public async Task RunAsync_Profile_SetsBennyProfile()
    {
        string manifest = Path.Combine(_sandbox.Directory, "llm_models.json");
        File.WriteAllText(manifest, $$"""
            { "profiles": {
                "default": { "models": { "general": "stories" } },
                "other":   { "models": { "writer": "stories" } } } }
            """);
        _sandbox.WriteConfiguration(new JsonObject
        {
            ["Models"] = new JsonObject { ["stories"] = CliSandbox.StoriesEntry() },
            ["Import"] = new JsonObject { ["ProfilesManifests"] = new JsonArray(manifest) },
        });

        CliResult result = await _sandbox.RunAsync("models", "--json", "--profile", "other");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("\"writer\"").And.Not.Contain("\"general\""));
    }
}
