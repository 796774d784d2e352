using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Benny.Runtime.Hosting;
using Benny.Runtime.Presets;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Tests.Support;

/// <summary>
/// A fake engine: its models record every request (messages and options) and answer with a fixed text,
/// streamed word by word, plus usage. Counts loads and disposals.
/// </summary>
internal sealed class RecordingEngineProvider(string engineName = "fake", GenerationParameters supported = GenerationParameters.All) : IEngineProvider
{
    private int _loads;

    public string EngineName { get; } = engineName;

    public GenerationParameters SupportedParameters { get; } = supported;

    /// <summary>Gets the <c>Settings</c> keys the fake declares; <see langword="null"/> (the default) declares none, so any key is accepted.</summary>
    public IReadOnlyCollection<string>? SettingsKeys { get; init; }

    public string Answer { get; set; } = "the answer is 42";

    public Exception? LoadFailure { get; set; }

    public int Loads => Volatile.Read(ref _loads);

    public ConcurrentQueue<RecordingModel> Models { get; } = new();

    public Task<IEngineModel> LoadAsync(ModelDefinition definition, IProgress<float> progress, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _loads);
        if (LoadFailure is { } failure)
        {
            return Task.FromException<IEngineModel>(failure);
        }

        progress.Report(0.5f);
        var model = new RecordingModel(definition, Answer);
        Models.Enqueue(model);
        return Task.FromResult<IEngineModel>(model);
    }
}

/// <summary>A model of <see cref="RecordingEngineProvider"/>.</summary>
internal sealed class RecordingModel(ModelDefinition definition, string answer) : IEngineModel, IChatClient
{
    public ModelDefinition Definition { get; } = definition;

    public ConcurrentQueue<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = new();

    public bool Disposed { get; private set; }

    public IChatClient ChatClient => this;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        Requests.Enqueue((messages.ToList(), options));
        return Stream(cancellationToken);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string[] words = answer.Split(' ');
        for (int i = 0; i < words.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i]) { ModelId = Definition.Name, MessageId = "m1", ResponseId = "r1" };
        }

        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            FinishReason = ChatFinishReason.Stop,
            MessageId = "m1",
            ResponseId = "r1",
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = 3, OutputTokenCount = words.Length, TotalTokenCount = 3 + words.Length })],
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => Disposed = true;
}
