using Microsoft.Extensions.AI;

namespace Benny.Runtime.Tests.Routing;

/// <summary>
/// A tier that hangs and ignores its cancellation token: each call returns a task that only <see cref="FailPending"/>
/// completes. Hand-written rather than a Moq mock, because a mock keeps every returned task in its invocation list,
/// and a test of unobserved task exceptions needs the abandoned task to become garbage.
/// </summary>
internal sealed class UnresponsiveChatClient : IChatClient
{
    private readonly List<TaskCompletionSource<ChatResponse>> _pending = [];

    /// <summary>Gets how many calls were made.</summary>
    public int Calls { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        var answer = new TaskCompletionSource<ChatResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Add(answer);
        return answer.Task;
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("This fake only answers GetResponseAsync.");

    /// <summary>Fails every pending call with <paramref name="error"/> and forgets it, so that nothing here keeps its task alive.</summary>
    public void FailPending(Exception error)
    {
        foreach (TaskCompletionSource<ChatResponse> answer in _pending)
        {
            answer.SetException(error);
        }

        _pending.Clear();
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
