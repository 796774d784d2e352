using Microsoft.Extensions.AI;

namespace Benny.Runtime.Tests.Hosting;

/// <summary>An embedding generator whose vector for an input is [its length, its position in the call], and whose usage counts characters as tokens.</summary>
internal sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Gets a signal set when a call has started.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsDisposed { get; private set; }

    /// <summary>Gets or sets a gate each call waits on before it answers; none when null.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        Interlocked.Increment(ref _calls);
        string[] inputs = [.. values];
        Started.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        long tokens = inputs.Sum(i => (long)i.Length);
        return new GeneratedEmbeddings<Embedding<float>>(inputs.Select((input, index) => new Embedding<float>(new float[] { input.Length, index })))
        {
            Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("fake-engine")
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : null;

    public void Dispose() => IsDisposed = true;
}
