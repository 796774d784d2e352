using Benny.Runtime.Registry;

namespace Benny.Runtime.Hosting;

/// <content>The load state of each model name, for health checks and diagnostics.</content>
public sealed partial class ModelHost
{
    /// <summary>The last load failure per load identity, until a later load of that identity succeeds. Guarded by <see cref="_lock"/>.</summary>
    private readonly Dictionary<string, (Exception Error, DateTimeOffset At)> _failures = new(StringComparer.Ordinal);

    /// <summary>Gets the load state of the instance that serves <paramref name="modelName"/>, without loading anything.</summary>
    /// <param name="modelName">A registered model name or alias (case-insensitive).</param>
    /// <returns>
    /// <see cref="ModelLoadState.Loaded"/> or <see cref="ModelLoadState.Loading"/> when the host holds the instance (an alias reports
    /// its target's instance); else <see cref="ModelLoadState.Failed"/> when its last load failed; else <see cref="ModelLoadState.NotLoaded"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="modelName"/> is <see langword="null"/>.</exception>
    /// <exception cref="UnknownModelException">The registry has no such name.</exception>
    public ModelStatus GetStatus(string modelName)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ResolvedModel resolved = Registry.Resolve(modelName);
        string key = ModelLoadKey.For(resolved.Target);
        string name = resolved.Requested.Name;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out Entry? entry))
            {
                return new ModelStatus(name, entry.Instance is null ? ModelLoadState.Loading : ModelLoadState.Loaded);
            }

            return _failures.TryGetValue(key, out var failure)
                ? new ModelStatus(name, ModelLoadState.Failed, failure.Error.Message, failure.At)
                : new ModelStatus(name, ModelLoadState.NotLoaded);
        }
    }

    /// <summary>
    /// Gets a service from the engine client of the instance that serves <paramref name="modelName"/> when it is loaded
    /// (the engine's model facts, natives diagnostics, metadata), without loading it or taking a lease. An embedding-only
    /// instance (<c>"Chat": false</c>) is asked through its embedding generator.
    /// </summary>
    /// <param name="modelName">A registered model name or alias (case-insensitive).</param>
    /// <param name="serviceType">The service type.</param>
    /// <param name="serviceKey">The key the engine client is asked with.</param>
    /// <returns>The engine's answer, or <see langword="null"/> when the instance is not loaded.</returns>
    /// <exception cref="UnknownModelException">The registry has no such name.</exception>
    internal object? GetLoadedEngineService(string modelName, Type serviceType, object? serviceKey)
    {
        ModelDefinition target = Registry.Resolve(modelName).Target;
        IEngineModel? instance = LoadedInstance(target);

        // An embedding-only instance has no chat client to ask (its ChatClient throws): its embedding generator answers.
        return target.Chat
            ? instance?.ChatClient.GetService(serviceType, serviceKey)
            : instance?.EmbeddingGenerator?.GetService(serviceType, serviceKey);
    }

    /// <summary>
    /// Gets a service from the embedding generator of the instance that serves <paramref name="modelName"/> when it is loaded,
    /// without loading it or taking a lease.
    /// </summary>
    /// <param name="modelName">A registered model name or alias (case-insensitive).</param>
    /// <param name="serviceType">The service type.</param>
    /// <returns>The engine generator's answer, or <see langword="null"/> when the instance is not loaded or makes no embeddings.</returns>
    /// <exception cref="UnknownModelException">The registry has no such name.</exception>
    internal object? GetLoadedEmbeddingService(string modelName, Type serviceType)
        => LoadedInstance(Registry.Resolve(modelName).Target)?.EmbeddingGenerator?.GetService(serviceType, serviceKey: null);

    /// <summary>The loaded instance of <paramref name="target"/>'s load identity, or <see langword="null"/> while none is loaded.</summary>
    private IEngineModel? LoadedInstance(ModelDefinition target)
    {
        string key = ModelLoadKey.For(target);
        lock (_lock)
        {
            return _entries.TryGetValue(key, out Entry? entry) ? entry.Instance : null;
        }
    }

    /// <summary>Records the outcome of a load for <see cref="GetStatus"/>; called under <see cref="_lock"/>.</summary>
    private void RecordLoadOutcomeLocked(Entry entry, Exception? error)
    {
        if (error is null)
        {
            _failures.Remove(entry.Key);
        }
        else
        {
            _failures[entry.Key] = (error, _timeProvider.GetUtcNow());
        }
    }
}
