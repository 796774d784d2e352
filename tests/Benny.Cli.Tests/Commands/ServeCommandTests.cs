using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Benny.Cli.Tests.Support;

namespace Benny.Cli.Tests.Commands;

/// <summary><c>benny serve</c> in-process on a free loopback port: it answers OpenAI's chat completions and stops cleanly when cancelled.</summary>
public partial class ServeCommandTests
{
    [Test]
    public async Task Serve_AnswersChatCompletionsAndHealth_AndStopsWithExitZeroWhenCancelled()
    {
        using var sandbox = new CliSandbox();
        sandbox.WriteModels(("stories", CliSandbox.StoriesEntry()));
        using var output = new StringWriter();
        using var errorText = new StringWriter();
        TextWriter error = TextWriter.Synchronized(errorText);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Task<int> serve = BennyCli.RunAsync(["serve", "--urls", "http://127.0.0.1:0"], new CliConsole(output, error, new StringReader(""), sandbox.Directory), stop.Token);

        Uri address = await WaitForAddressAsync(errorText, serve);
        using var http = new HttpClient { BaseAddress = address };
        using HttpResponseMessage completion = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "stories",
            messages = new[] { new { role = "user", content = "Once upon a time" } },
            temperature = 0,
            max_tokens = 8,
        });
        string body = await completion.Content.ReadAsStringAsync();
        Assert.That(completion.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        using (JsonDocument json = JsonDocument.Parse(body))
        {
            Assert.That(json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), Does.StartWith(", there was"));
        }

        using HttpResponseMessage health = await http.GetAsync("/health");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), await health.Content.ReadAsStringAsync());

        await stop.CancelAsync();
        Assert.That(await serve, Is.Zero, errorText.ToString());
    }

    [Test]
    public async Task Serve_BadConfiguration_ExitsOneBeforeListening()
    {
        using var sandbox = new CliSandbox();
        sandbox.WriteModels(("stories", new System.Text.Json.Nodes.JsonObject { ["Engine"] = "gguf", ["Path"] = CliSandbox.Stories260K, ["ContextSize"] = "big" }));

        CliResult result = await sandbox.RunAsync("serve", "--urls", "http://127.0.0.1:0");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failure), result.ToString());
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1), result.ToString());
        Assert.That(result.Error, Does.Not.Contain("serving"));
    }

    private static async Task<Uri> WaitForAddressAsync(StringWriter error, Task<int> serve)
    {
        for (int i = 0; i < 600; i++)
        {
            if (serve.IsCompleted)
            {
                Assert.Fail($"benny serve ended early with exit code {await serve}: {error}");
            }

            Match match = ServingLine().Match(error.ToString());
            if (match.Success)
            {
                return new Uri(match.Groups[1].Value);
            }

            await Task.Delay(100);
        }

        Assert.Fail("benny serve did not report its address within 60 s: " + error);
        return null!;
    }

    [GeneratedRegex(@"serving OpenAI's API on (http://[^\s,]+)")]
    private static partial Regex ServingLine();
}
