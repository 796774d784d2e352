using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Tests.Hosting;

/// <summary>A chat client that answers "ok" and streams "a", "b" and a usage update, unless a test scripts another behaviour.</summary>
internal sealed class FakeChatClient : IChatClient
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Gets or sets what <see cref="GetResponseAsync"/> does instead of answering "ok"; none when null.</summary>
    public Func<CancellationToken, Task<ChatResponse>>? Respond { get; set; }

    /// <summary>Gets or sets what <see cref="GetStreamingResponseAsync"/> returns instead of its updates; none when null.</summary>
    public Func<CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? Stream { get; set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        if (Respond is { } respond)
        {
            return respond(cancellationToken);
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
        {
            Usage = new UsageDetails { InputTokenCount = 3, OutputTokenCount = 2 },
        });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        return Stream is { } stream ? stream(cancellationToken) : Updates(cancellationToken);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Updates([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "a");
        yield return new ChatResponseUpdate(ChatRole.Assistant, "b");
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 5, OutputTokenCount = 2 })]);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
