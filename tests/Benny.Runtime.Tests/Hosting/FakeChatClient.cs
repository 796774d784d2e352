using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Tests.Hosting;

/// <summary>A chat client that answers "ok" and streams "a", "b" and a usage update.</summary>
internal sealed class FakeChatClient : IChatClient
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
        {
            Usage = new UsageDetails { InputTokenCount = 3, OutputTokenCount = 2 },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _requests);
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
