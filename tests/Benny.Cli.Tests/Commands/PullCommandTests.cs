using Benny.Cli.Tests.Support;
using Benny.Tests.Support;

namespace Benny.Cli.Tests.Commands;

public class PullCommandTests
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
    public async Task Pull_ModelWithASource_DownloadsItAndPrintsTheActionAndPath()
    {
        string path = ProvisioningTestSetup.CachedPath(_sandbox, "tiny.gguf");

        CliResult result = await _sandbox.RunAsync("pull", "tiny");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output.Trim(), Does.StartWith("tiny: downloaded ").And.Contain(path));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(ProvisioningTestSetup.Content));
        Assert.That(result.Error, Does.Contain("downloading tiny tiny.gguf: 100%"), "plain progress lines when the output is not a terminal");
    }

    [Test]
    public async Task Pull_Twice_SecondRunFindsTheFilePresent()
    {
        await _sandbox.RunAsync("pull", "tiny");

        CliResult result = await _sandbox.RunAsync("pull", "tiny-role");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.StartWith("tiny: present "));
    }

    [Test]
    public async Task Pull_FileTheServerDoesNotHave_ExitsOneWithOneLine()
    {
        CliResult result = await _sandbox.RunAsync("pull", "missing");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1), result.ToString());
        Assert.That(result.ErrorLines[0], Does.StartWith("benny: missing: ").And.Contain("missing.gguf").And.Contain("404"));
    }

    [Test]
    public async Task Pull_NameNeitherRegisteredNorInTheCatalog_ExitsOneWithOneLine()
    {
        CliResult result = await _sandbox.RunAsync("pull", "benny-nope-s");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1), result.ToString());
        Assert.That(result.ErrorLines[0], Does.StartWith("benny: benny-nope-s: "));
    }
}
