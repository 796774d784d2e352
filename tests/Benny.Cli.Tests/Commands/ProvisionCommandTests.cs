using System.Text.Json;
using Benny.Cli.Tests.Support;
using Benny.Tests.Support;

namespace Benny.Cli.Tests.Commands;

public class ProvisionCommandTests
{
    private CliSandbox _sandbox = null!;
    private FakeHuggingFaceServer _server = null!;

    [SetUp]
    public async Task SetUp()
    {
        _sandbox = new CliSandbox();
        _server = await FakeHuggingFaceServer.StartAsync();
        ProvisioningTestSetup.Configure(_sandbox, _server);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _server.DisposeAsync();
        _sandbox.Dispose();
    }

    [Test]
    public async Task Provision_RolesAndJson_PrintsTheReportAndNothingElse()
    {
        CliResult result = await _sandbox.RunAsync("provision", "--roles", "tiny-role", "local", "--json");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement root = json.RootElement;
        Assert.That(root.GetProperty("succeeded").GetBoolean(), Is.True);
        JsonElement[] models = [.. root.GetProperty("models").EnumerateArray()];
        Assert.That(models[0].GetProperty("model").GetString(), Is.EqualTo("tiny"));
        Assert.That(models[0].GetProperty("role").GetString(), Is.EqualTo("tiny-role"));
        Assert.That(models[0].GetProperty("action").GetString(), Is.EqualTo("downloaded"));
        Assert.That(models[0].GetProperty("bytes").GetInt64(), Is.EqualTo(ProvisioningTestSetup.Content.Length));
        Assert.That(models[1].GetProperty("model").GetString(), Is.EqualTo("local"));
        Assert.That(models[1].GetProperty("action").GetString(), Is.EqualTo("present"));
    }

    [Test]
    public async Task Provision_NoRoles_ProvisionsEveryModelWithASourceAndFailsForTheMissingOne()
    {
        CliResult result = await _sandbox.RunAsync("provision", "--json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Output);
        Assert.That(json.RootElement.GetProperty("succeeded").GetBoolean(), Is.False);
        JsonElement[] models = [.. json.RootElement.GetProperty("models").EnumerateArray()];
        Assert.That(models.Select(m => m.GetProperty("model").GetString()), Is.EqualTo(new[] { "missing", "tiny" }), "models with a source, not aliases or local files");
        Assert.That(models[0].GetProperty("action").GetString(), Is.EqualTo("failed"));
        Assert.That(models[1].GetProperty("action").GetString(), Is.EqualTo("downloaded"));
        Assert.That(result.ErrorLines.Where(l => l.StartsWith("benny:", StringComparison.Ordinal)), Has.Exactly(1).Contains("1 of 2 models failed"));
    }

    [Test]
    public async Task Provision_Force_VerifiesAPresentFile()
    {
        await _sandbox.RunAsync("pull", "tiny");

        CliResult result = await _sandbox.RunAsync("provision", "--roles", "tiny", "--force", "--json");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Output);
        Assert.That(json.RootElement.GetProperty("models")[0].GetProperty("action").GetString(), Is.EqualTo("verified"));
    }

    [Test]
    public async Task Provision_Table_ShowsEachModelsAction()
    {
        CliResult result = await _sandbox.RunAsync("provision", "--roles", "tiny");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("tiny").And.Contain("downloaded"));
    }
}
