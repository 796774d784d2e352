using System.Text;
using Benny.Engines.OpenVino.Native;
using Benny.Engines.OpenVino.Tests.Support;
using Microsoft.Extensions.AI;

namespace Benny.Engines.OpenVino.Tests.Native;

/// <summary>
/// The whole engine over the real binding: <see cref="OpenVinoChatClient"/> with <see cref="NativeGenAiRuntime"/> on the
/// C stand-in. Non-parallelizable for the same reason as <see cref="NativeGenAiStandInTests"/>: the stand-in's script is global.
/// </summary>
[NonParallelizable]
internal sealed class OpenVinoChatClientOnStandInTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp()
    {
        StandInLibrary.Reset();
        _temp = new TempDirectory();
    }

    [TearDown]
    public void TearDown()
    {
        _temp.Dispose();
        Assert.That((StandInLibrary.LiveObjects, StandInLibrary.DoubleFrees), Is.EqualTo((0L, 0L)), "no native object leaked or freed twice");
    }

    [Test]
    public async Task GetStreamingResponseAsync_ThroughTheBinding_StreamsPiecesMapsOptionsAndReportsMetrics()
    {
        string folder = _temp.CreateModelFolder("benny-route-s/task-text-generation-with-past__wf-int8");
        foreach (string piece in new[] { "Hel", "lo, ", "wörld ", "你好", "🙂" })
        {
            StandInLibrary.PushPiece(piece);
        }

        using (OpenVinoChatClient client = await OpenVinoChatClient.LoadAsync(folder, new OpenVinoEngineOptions { Device = "GPU", CacheDirectory = _temp.Path }, new NativeGenAiRuntime(StandInLibrary.Folder)))
        {
            var text = new StringBuilder();
            var updates = new List<ChatResponseUpdate>();
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(
                [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Say hello")],
                new ChatOptions { Temperature = 0, MaxOutputTokens = 32, StopSequences = ["</s>"] }))
            {
                updates.Add(update);
                text.Append(update.Text);
            }

            Assert.That(text.ToString(), Is.EqualTo("Hello, wörld 你好🙂"));
            Assert.That(StandInLibrary.LastDevice, Is.EqualTo("GPU"));
            Assert.That(StandInLibrary.LastModelsPath, Is.EqualTo(folder));
            Assert.That(StandInLibrary.LastProperty(0), Is.EqualTo("CACHE_DIR"));
            Assert.That(StandInLibrary.LastPromptJson, Does.Contain("\"role\":\"system\"").And.Contain("Say hello"));
            Assert.That(StandInLibrary.LastConfigU64("do_sample"), Is.Zero, "temperature 0 is greedy: do_sample off");
            Assert.That(StandInLibrary.LastConfigIsSet("temperature"), Is.False, "GenAI rejects temperature 0 with sampling, so none is sent");
            Assert.That(StandInLibrary.LastConfigU64("max_new_tokens"), Is.EqualTo(32UL));
            Assert.That(StandInLibrary.LastConfigStopStrings, Does.Contain("</s>"));
            UsageContent usage = updates[^1].Contents.OfType<UsageContent>().Single();
            Assert.That(usage.Details.InputTokenCount, Is.EqualTo(12), "from the stand-in's perf metrics");
            Assert.That(updates[^1].AdditionalProperties?[OpenVinoChatClient.TimeToFirstTokenKey], Is.EqualTo(25.5d));
            Assert.That((client.Info.Device, client.Info.WeightFormat), Is.EqualTo(("GPU", "int8")));
        }
    }
}
