using System.Text.Json;
using Benny.Cli.Tests.Support;

namespace Benny.Cli.Tests.Commands;

public class BenchCommandTests
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
    public async Task Bench_PrintsATableWithEachRunAndTheMean()
    {
        CliResult result = await _sandbox.RunAsync("bench", "stories", "--tokens", "8", "--runs", "2");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("TTFT ms").And.Contain("tok/s").And.Contain("mean").And.Contain("2 runs of 8 tokens"));
    }

    [Test]
    public async Task Bench_Json_ReportsTokensAndPositiveTimings()
    {
        CliResult result = await _sandbox.RunAsync("bench", "stories", "--tokens", "8", "--runs", "1", "--json");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement run = json.RootElement.GetProperty("runs")[0];
        Assert.That(json.RootElement.GetProperty("model").GetString(), Is.EqualTo("stories"));
        Assert.That(run.GetProperty("output_tokens").GetInt64(), Is.EqualTo(8));
        Assert.That(run.GetProperty("input_tokens").GetInt64(), Is.EqualTo(5), "BOS + 4 prompt tokens of 'Once upon a time'");
        Assert.That(run.GetProperty("ttft_ms").GetDouble(), Is.GreaterThan(0));
        Assert.That(run.GetProperty("tokens_per_second").GetDouble(), Is.GreaterThan(0));
        Assert.That(json.RootElement.GetProperty("mean").GetProperty("total_ms").GetDouble(), Is.GreaterThan(0));
    }

    [Test]
    public async Task Bench_ZeroRuns_IsAUsageError()
    {
        CliResult result = await _sandbox.RunAsync("bench", "stories", "--runs", "0");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
    }
}
