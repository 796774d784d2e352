using Microsoft.Extensions.AI;

namespace Benny.Runtime.Hosting;

/// <summary>
/// A model loaded by an <see cref="IEngineProvider"/>: the native weights and whatever serves requests
/// on them. Owned by the <see cref="ModelHost"/>, which disposes it when it unloads the model.
/// </summary>
public interface IEngineModel : IDisposable
{
    /// <summary>Gets the chat client that runs requests on this model. It stays valid until the model is disposed.</summary>
    IChatClient ChatClient { get; }
}
