using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Benny.Evaluation.Tests.Support;

/// <summary>
/// A chat client that streams what its script returns for each request (one update per word, then usage), or throws what the
/// script throws; it records every request.
/// </summary>
internal sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, ChatOptions?, ScriptedAnswer> script) : IChatClient
{
    private readonly List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> _requests = [];

    public IReadOnlyList<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>A client that answers every request with <paramref name="text"/>.</summary>
    public static ScriptedChatClient Answering(string text) => new((_, _) => new ScriptedAnswer(text));

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ChatMessage> list = [.. messages];
        lock (_requests)
        {
            _requests.Add((list, options));
        }

        return StreamAsync(script(list, options), cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(ScriptedAnswer answer, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (answer.Error is { } error)
        {
            throw error;
        }

        if (answer.WaitForCancellation)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        string[] words = answer.Text.Length == 0 ? [] : answer.Text.Split(' ');
        for (int i = 0; i < words.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i]) { AdditionalProperties = answer.Properties };
        }

        if (answer.ToolCall is { } call)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [call]);
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { OutputTokenCount = words.Length })]);
    }
}
