using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Hosting;

/// <summary>
/// The use of a loaded model, from <see cref="ModelHost.AcquireAsync"/>. While any lease on an instance is
/// held, the host never unloads it; dispose the lease when the request is done.
/// </summary>
/// <remarks>
/// <see cref="Dispose"/> releases the lease and is idempotent; it never disposes the model, which the
/// host owns. Do not use <see cref="Instance"/>, <see cref="ChatClient"/> or <see cref="EmbeddingGenerator"/> after disposing the lease.
/// </remarks>
public sealed class ModelLease : IDisposable
{
    private readonly ModelHost _host;
    private readonly ModelHost.Entry _entry;
    private int _released;

    internal ModelLease(ModelHost host, ModelHost.Entry entry, string modelName, ResolvedModel model, IEngineModel instance)
    {
        _host = host;
        _entry = entry;
        ModelName = modelName;
        Model = model;
        Instance = instance;
    }

    /// <summary>Gets the model name that was requested (possibly an alias).</summary>
    public string ModelName { get; }

    /// <summary>Gets the requested entry and the entry whose loaded instance serves it.</summary>
    public ResolvedModel Model { get; }

    /// <summary>Gets the loaded model instance, shared with every other lease on the same load key.</summary>
    public IEngineModel Instance { get; }

    /// <summary>Gets the chat client of the loaded instance.</summary>
    public IChatClient ChatClient => Instance.ChatClient;

    /// <summary>Gets the embedding generator of the loaded instance; <see langword="null"/> when its entry does not enable embeddings.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator => Instance.EmbeddingGenerator;

    /// <summary>Releases the lease. Calling it again does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _host.Release(_entry);
        }
    }
}
