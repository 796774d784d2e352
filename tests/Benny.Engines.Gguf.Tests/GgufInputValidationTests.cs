using Benny.Engines.Gguf.Tests.Support;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Tests;

/// <summary>Bad input is a clear <see cref="ArgumentException"/> (or a clear load error) before any native work, and the client stays usable.</summary>
public class GgufInputValidationTests
{
    private GgufChatClient _client = null!;

    [OneTimeSetUp]
    public async Task Load() => _client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, ContextSize = 256 });

    [OneTimeTearDown]
    public void Unload() => _client.Dispose();

    [Test]
    public void GetResponseAsync_NullStopSequence_NamesTheIndex()
    {
        var options = new ChatOptions { StopSequences = ["end", null!] };

        Assert.That(() => _client.GetResponseAsync("Once upon a time", options), Throws.ArgumentException.With.Message.Contains("StopSequences[1] is null"));
        Assert.That(() => _client.GetStreamingResponseAsync("Once upon a time", options), Throws.ArgumentException);
    }

    [Test]
    public void GetResponseAsync_NoMessages_SaysThereIsNothingToAnswer()
        => Assert.That(() => _client.GetResponseAsync([]), Throws.ArgumentException.With.Message.Contains("no messages").And.Property("ParamName").EqualTo("messages"));

    [Test]
    public void GetResponseAsync_OnlyEmptyMessages_SaysThereIsNothingToAnswer()
    {
        ChatMessage[] messages = [new(ChatRole.System, ""), new(ChatRole.User, "   "), new(ChatRole.User, [])];

        Assert.That(() => _client.GetResponseAsync(messages), Throws.ArgumentException.With.Message.Contains("All 3 message(s) of the request are empty"));
    }

    [Test]
    public async Task GetResponseAsync_AfterBadRequests_StillAnswers()
    {
        Assert.That(() => _client.GetResponseAsync([]), Throws.ArgumentException);
        ChatResponse response = await _client.GetResponseAsync([new(ChatRole.System, ""), new(ChatRole.User, "Once upon a time")], new ChatOptions { Temperature = 0, MaxOutputTokens = 6 });

        Assert.That(response.Text, Is.Not.Empty, "one empty message beside a real one is fine");
    }

    [Test]
    public void LoadAsync_AFolderAsTheModelPath_SaysItIsAFolderAndListsItsGgufFiles()
    {
        string folder = Directory.CreateTempSubdirectory("benny-folder-model-").FullName;
        try
        {
            File.Copy(TestPaths.Stories260K, Path.Combine(folder, "stories260K.gguf"));
            Assert.That(() => GgufChatClient.LoadAsync(folder), Throws.InstanceOf<FileNotFoundException>()
                .With.Message.Contains("is a folder, not a GGUF file").And.Message.Contains("stories260K.gguf"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
