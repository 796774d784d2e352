using Benny.Cli.Tests.Support;

namespace Benny.Cli.Tests.Commands;

public class ChatCommandTests
{
    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp()
    {
        _sandbox = new CliSandbox();
        _sandbox.WriteModels(("stories", CliSandbox.StoriesEntry()));
    }

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public async Task Chat_PipedInput_StreamsTheGreedyContinuation()
    {
        // stories260K has no chat template: the prompt is the message text, so greedy decoding continues the story.
        CliResult result = await _sandbox.RunWithInputAsync("Once upon a time\n", "chat", "stories", "--temperature", "0", "--max-tokens", "16");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.StartWith(", there was a little girl"));
        Assert.That(result.Error, Is.Empty);
    }

    [Test]
    public async Task Chat_SeveralLinesAndExit_AnswersEachLineUntilExit()
    {
        CliResult result = await _sandbox.RunWithInputAsync("Once upon a time\nLily\n/exit\nnever read\n", "chat", "stories", "-t", "0", "-n", "8");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        string[] answers = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(answers, Has.Length.EqualTo(2), result.ToString());
        Assert.That(answers[0], Does.StartWith(", there was a little girl"));
    }

    [Test]
    public async Task Chat_UnknownModel_ExitsOneWithOneLineListingTheRegisteredNames()
    {
        CliResult result = await _sandbox.RunWithInputAsync("hello\n", "chat", "benny-nope-s");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1), result.ToString());
        Assert.That(result.ErrorLines[0], Does.StartWith("benny: ").And.Contain("benny-nope-s").And.Contain("stories"));
    }

    [Test]
    public async Task Chat_NegativeTemperature_IsAUsageError()
    {
        CliResult result = await _sandbox.RunWithInputAsync("hello\n", "chat", "stories", "--temperature", "-1");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1));
    }
}
