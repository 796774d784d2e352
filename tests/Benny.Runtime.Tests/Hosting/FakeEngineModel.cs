using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Tests.Hosting;

/// <summary>A loaded model that records Dispose and serves a <see cref="FakeChatClient"/>, and a <see cref="FakeEmbeddingGenerator"/> when its entry enables embeddings.</summary>
internal sealed class FakeEngineModel(ModelDefinition definition, bool withEmbeddingGenerator = true) : IEngineModel
{
    private int _disposeCount;

    public ModelDefinition Definition { get; } = definition;

    public FakeChatClient FakeChatClient { get; } = new();

    public IChatClient ChatClient => Definition.Chat ? FakeChatClient : throw new NotSupportedException("Loaded for embeddings only.");

    public FakeEmbeddingGenerator? FakeEmbeddingGenerator { get; } = definition.Embeddings && withEmbeddingGenerator ? new FakeEmbeddingGenerator() : null;

    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator => FakeEmbeddingGenerator;

    public int DisposeCount => Volatile.Read(ref _disposeCount);

    public bool IsDisposed => DisposeCount > 0;

    /// <summary>Gets or sets an exception Dispose throws (after counting).</summary>
    public Exception? ThrowOnDispose { get; set; }

    public void Dispose()
    {
        Interlocked.Increment(ref _disposeCount);
        FakeEmbeddingGenerator?.Dispose();
        if (ThrowOnDispose is { } exception)
        {
            throw exception;
        }
    }
}
