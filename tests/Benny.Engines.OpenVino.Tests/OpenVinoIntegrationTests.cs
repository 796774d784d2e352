using Microsoft.Extensions.AI;

namespace Benny.Engines.OpenVino.Tests;

/// <summary>Runs a real model on a real OpenVINO GenAI runtime, when the environment names both.</summary>
[Category("Integration")]
public class OpenVinoIntegrationTests
{
    private const string SkipMessage = "Skipped: set BENNY_OPENVINO_DIR and BENNY_OPENVINO_MODEL to run against a real OpenVINO GenAI runtime and model folder";

    [Test]
    public async Task GetResponseAsync_RealModel_AnswersGreedilyWithUsage()
    {
        (string runtimeDirectory, string modelFolder) = RequireEnvironment();
        var options = new OpenVinoEngineOptions
        {
            NativeLibraryDirectory = runtimeDirectory,
            Device = Environment.GetEnvironmentVariable("BENNY_OPENVINO_DEVICE") ?? "CPU",
            FallbackDevices = ["CPU"],
        };
        using OpenVinoChatClient client = await OpenVinoChatClient.LoadAsync(modelFolder, options);

        ChatResponse first = await client.GetResponseAsync("Say hello in one word.", new ChatOptions { Temperature = 0, MaxOutputTokens = 16 });
        ChatResponse second = await client.GetResponseAsync("Say hello in one word.", new ChatOptions { Temperature = 0, MaxOutputTokens = 16 });

        Assert.That(first.Text, Is.Not.Empty);
        Assert.That(second.Text, Is.EqualTo(first.Text), "temperature 0 is greedy");
        Assert.That(first.Usage?.InputTokenCount, Is.GreaterThan(0));
        Assert.That(first.Usage?.OutputTokenCount, Is.InRange(1, 16));
        Assert.That(first.FinishReason, Is.AnyOf(ChatFinishReason.Stop, ChatFinishReason.Length));
    }

    [Test]
    public async Task GetStreamingResponseAsync_RealModelCancelled_StopsWithOperationCanceled()
    {
        (string runtimeDirectory, string modelFolder) = RequireEnvironment();
        using OpenVinoChatClient client = await OpenVinoChatClient.LoadAsync(modelFolder, new OpenVinoEngineOptions { NativeLibraryDirectory = runtimeDirectory });
        using var cts = new CancellationTokenSource();

        int pieces = 0;
        Assert.That(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("Count from 1 to 500.", new ChatOptions { MaxOutputTokens = 1000 }, cts.Token))
            {
                if (++pieces == 3)
                {
                    await cts.CancelAsync();
                }
            }
        }, Throws.InstanceOf<OperationCanceledException>());

        ChatResponse after = await client.GetResponseAsync("Say yes.", new ChatOptions { Temperature = 0, MaxOutputTokens = 4 });
        Assert.That(after.Text, Is.Not.Empty, "the model serves the next request after a cancellation");
    }

    private static (string RuntimeDirectory, string ModelFolder) RequireEnvironment()
    {
        string? runtime = Environment.GetEnvironmentVariable("BENNY_OPENVINO_DIR");
        string? model = Environment.GetEnvironmentVariable("BENNY_OPENVINO_MODEL");
        if (string.IsNullOrWhiteSpace(runtime) || string.IsNullOrWhiteSpace(model))
        {
            Assert.Ignore(SkipMessage);
        }

        return (runtime!, model!);
    }
}
