using Benny.Engines.Gguf.Format;
using Benny.Engines.Gguf.Tests.Support;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Tests;

/// <summary>Request behaviour of <see cref="GgufChatClient"/> on the real stories260K model (one client per fixture).</summary>
public class GgufChatClientBehaviourTests
{
    private GgufChatClient _client = null!;

    [OneTimeSetUp]
    public async Task LoadAsync() => _client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 128 });

    [OneTimeTearDown]
    public void Unload() => _client.Dispose();

    [Test]
    public async Task GetResponseAsync_StopSequenceAcrossTokens_EndsBeforeItAndIsNotEmitted()
    {
        ChatResponse response = await _client.GetResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 40, StopSequences = ["little girl"] });

        Assert.That(response.Text, Is.EqualTo(", there was a "));
        Assert.That(response.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
    }

    [Test]
    public async Task GetResponseAsync_Grammar_ConstrainsTheOutput()
    {
        var unconstrained = await _client.GetResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 12 });
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 12 }.WithGrammar("root ::= [a-z ]+");

        ChatResponse response = await _client.GetResponseAsync("Once upon a time", options);

        Assert.That(unconstrained.Text, Does.Contain(","), "without the grammar the model writes punctuation here");
        Assert.That(response.Text, Does.Match("^[a-z ]+$"));
    }

    [Test]
    public void GetResponseAsync_GrammarThatDoesNotParse_FailsClearly()
    {
        var options = new ChatOptions { MaxOutputTokens = 4 }.WithGrammar("root ::= (");

        Assert.That(async () => await _client.GetResponseAsync("Once upon a time", options), Throws.InvalidOperationException.With.Message.Contains("grammar"));
    }

    [Test]
    public async Task GetStreamingResponseAsync_Updates_ShareIdsAndTheLastCarriesUsage()
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in _client.GetStreamingResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 8 }))
        {
            updates.Add(update);
        }

        Assert.That(updates.Select(u => u.ResponseId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(updates.Select(u => u.MessageId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(updates[^1].FinishReason, Is.EqualTo(ChatFinishReason.Length));
        UsageContent usage = updates[^1].Contents.OfType<UsageContent>().Single();
        Assert.That((usage.Details.InputTokenCount, usage.Details.OutputTokenCount), Is.EqualTo((5L, 8L)));
        Assert.That(updates.Take(updates.Count - 1).All(u => u.Text.Length > 0), Is.True);
    }

    [Test]
    public async Task GetStreamingResponseAsync_CancelledMidStream_StopsAndTheNextRequestWorks()
    {
        using var cancellation = new CancellationTokenSource();
        int received = 0;

        var error = await Assert.ThrowsAsync<OperationCanceledException>(async () =>
        {
            await foreach (ChatResponseUpdate update in _client.GetStreamingResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 100 }, cancellation.Token))
            {
                if (++received == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.That(error, Is.Not.Null);
        Assert.That(received, Is.LessThan(100));
        ChatResponse next = await _client.GetResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 4 });
        Assert.That(next.Usage?.OutputTokenCount, Is.EqualTo(4));
    }

    [Test]
    public async Task GetStreamingResponseAsync_ConsumerStopsEarly_FreesTheSlotForTheNextRequest()
    {
        await foreach (ChatResponseUpdate update in _client.GetStreamingResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 100 }))
        {
            break;
        }

        ChatResponse next = await _client.GetResponseAsync("Once upon a time", new ChatOptions { Temperature = 0, MaxOutputTokens = 4 });
        Assert.That(next.Usage?.OutputTokenCount, Is.EqualTo(4));
    }

    [Test]
    public async Task GetResponseAsync_ConcurrentRequests_AreServedOneAfterAnotherWithTheSameResult()
    {
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 16 };

        ChatResponse[] responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _client.GetResponseAsync("Once upon a time", options)));

        Assert.That(responses.Select(r => r.Text).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public void GetResponseAsync_PromptLongerThanTheContext_ExplainsWhatToChange()
    {
        string longPrompt = string.Concat(Enumerable.Repeat("Once upon a time there was a dog. ", 40));

        Assert.That(async () => await _client.GetResponseAsync(longPrompt), Throws.ArgumentException.With.Message.Contains("ContextSize"));
    }

    [Test]
    public void GetService_ReportsMetadataModelInfoAndNatives()
    {
        Assert.That(_client.GetService<ChatClientMetadata>()?.ProviderName, Is.EqualTo("llama.cpp"));
        GgufModelInfo info = _client.GetService<GgufModelInfo>()!;
        Assert.That((info.LayerCount, info.EmbeddingLength, info.VocabularySize, info.ContextSize, info.Threads), Is.EqualTo((5, 64, 512, 256, 1)), "llama.cpp rounds the asked 128 up to a multiple of 256");
        Assert.That(info.ChatTemplate, Is.Null);
        Assert.That(info.Quantization, Is.EqualTo("F32"), "stories260K is all F32");
        Assert.That(info.Backend, Is.EqualTo(GgufBackend.Cpu));
        Assert.That(info.LlamaVersion, Is.EqualTo("0.5.0-dev"));
        Assert.That(_client.GetService<GgufNativeDiagnostics>()?.Backends, Does.Contain("CPU"));
        Assert.That(_client.GetService<GgufModelInfo>("key"), Is.Null);
    }

    [Test]
    public void LoadAsync_MissingFile_NamesIt()
    {
        Assert.That(async () => await GgufChatClient.LoadAsync("/nonexistent/model.gguf"), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("/nonexistent/model.gguf"));
    }

    [Test]
    public void LoadAsync_NotAGgufFile_IsAManagedFormatErrorNotANativeCrash()
    {
        string path = Path.Combine(Path.GetTempPath(), "benny-tests", Guid.NewGuid().ToString("N") + ".gguf");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "this is not a model");
        try
        {
            Assert.That(async () => await GgufChatClient.LoadAsync(path), Throws.TypeOf<GgufFormatException>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void LoadAsync_InvalidOptions_AreRejectedUpFront()
    {
        Assert.That(() => GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { ContextSize = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Threads = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task Dispose_WithRequestsRunningAndQueued_EndsThemAllWithoutRunningTheQueue()
    {
        GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 2048 });
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 1500 };
        IAsyncEnumerator<ChatResponseUpdate> running = client.GetStreamingResponseAsync("Once upon a time", options).GetAsyncEnumerator();
        Assert.That(await running.MoveNextAsync(), Is.True, "the first request is generating");
        Task<ChatResponse> queued = client.GetResponseAsync("Once upon a time", options);

        client.Dispose();

        Assert.That(async () => { while (await running.MoveNextAsync()) { } }, Throws.InstanceOf<ObjectDisposedException>(), "the running request is aborted");
        Assert.That(async () => await queued, Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(() => client.GetResponseAsync("again"), Throws.InstanceOf<ObjectDisposedException>());
        await running.DisposeAsync();
    }
}
