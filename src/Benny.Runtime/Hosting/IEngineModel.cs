using Microsoft.Extensions.AI;

namespace Benny.Runtime.Hosting;

/// <summary>
/// A model loaded by an <see cref="IEngineProvider"/>: the native weights and whatever serves requests
/// on them. Owned by the <see cref="ModelHost"/>, which disposes it when it unloads the model.
/// </summary>
public interface IEngineModel : IDisposable
{
    /// <summary>Gets the chat client that runs requests on this model. It stays valid until the model is disposed.</summary>
    /// <exception cref="NotSupportedException">The model was loaded for embeddings only (<c>"Chat": false</c>), so it has no chat client.</exception>
    IChatClient ChatClient { get; }

    /// <summary>Gets the embedding generator that runs on the same weights as <see cref="ChatClient"/>. It stays valid until the model is disposed.</summary>
    /// <value>
    /// <see langword="null"/> unless the registry entry asks for embeddings (<see cref="Registry.ModelDefinition.Embeddings"/>) and the
    /// engine makes them (<see cref="IEngineProvider.SupportsEmbeddings"/>). The default implementation returns <see langword="null"/>.
    /// </value>
    IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator => null;
}
