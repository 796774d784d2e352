using Benny.Cli.Tests.Support;

namespace Benny.Cli.Tests.Commands;

public class DoctorCommandTests
{
    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp() => _sandbox = new CliSandbox();

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public async Task Doctor_GoodConfiguration_PassesAndShowsNativesThreadsAndTheModel()
    {
        _sandbox.WriteModels(("stories", CliSandbox.StoriesEntry()));

        CliResult result = await _sandbox.RunAsync("doctor");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("llama.cpp natives: ").And.Contain("Backends: ").And.Contain("CPU").And.Contain("Thread rule: "));
        Assert.That(result.Output, Does.Contain("GGUF v3, llama").And.Contain("All checks passed."));
        Assert.That(result.Error, Is.Empty);
    }

    [Test]
    public async Task Doctor_CorruptGgufFile_ExitsOneWithOneLineNamingTheFile()
    {
        string corrupt = Path.Combine(_sandbox.Directory, "corrupt.gguf");
        byte[] header = File.ReadAllBytes(CliSandbox.Stories260K).AsSpan(0, 64).ToArray();
        header[8] = 0xFF; // tensor count far beyond the file
        header[15] = 0x7F;
        File.WriteAllBytes(corrupt, header);
        var entry = CliSandbox.StoriesEntry();
        entry["Path"] = corrupt;
        _sandbox.WriteModels(("stories", CliSandbox.StoriesEntry()), ("broken", entry));

        CliResult result = await _sandbox.RunAsync("doctor");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1), result.ToString());
        Assert.That(result.ErrorLines[0], Does.StartWith("benny: broken: ").And.Contain(corrupt));
    }

    [Test]
    public async Task Doctor_MissingFile_FailsNamingIt()
    {
        var entry = CliSandbox.StoriesEntry();
        string missing = Path.Combine(_sandbox.Directory, "missing.gguf");
        entry["Path"] = missing;
        _sandbox.WriteModels(("gone", entry));

        CliResult result = await _sandbox.RunAsync("doctor");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1));
        Assert.That(result.ErrorLines[0], Does.Contain(missing).And.Contain("does not exist"));
    }
}
