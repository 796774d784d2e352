using System.Diagnostics;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Benny.Runtime.Hosting;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for one model name that runs every call on the embedding
/// generator of the model the <see cref="ModelHost"/> has loaded for it, loading it on first use.
/// </summary>
/// <remarks>
/// Each call holds a <see cref="ModelLease"/> for its whole duration, so the host never unloads the model mid-call; once the
/// model has unloaded (keep-alive, capacity), the next call loads it again. The instance is the same one the name's chat
/// client uses (one load of the weights), shared with aliases and with every other name of the same load identity; the host
/// owns it, and <see cref="Dispose"/> leaves it alone. Safe to use from any thread.
/// </remarks>
public sealed partial class HostedEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The provider name published in <see cref="EmbeddingGeneratorMetadata"/>.</summary>
    private const string ProviderName = "benny";

    private readonly ModelHost _host;
    private readonly string _modelName;
    private readonly ILogger _logger;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="host">The host that loads and owns the model.</param>
    /// <param name="modelName">A registered model name or alias whose entry (or alias target) enables embeddings.</param>
    /// <param name="logger">Receives one log entry per call (model, engine, elapsed time, inputs, tokens); none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="host"/> or <paramref name="modelName"/> is <see langword="null"/>.</exception>
    /// <exception cref="UnknownModelException">The host's registry has no such name.</exception>
    /// <exception cref="InvalidOperationException">
    /// The model's entry does not enable embeddings (<see cref="ModelDefinition.Embeddings"/>), or no provider is registered for its engine.
    /// </exception>
    /// <exception cref="NotSupportedException">The model's engine makes no embeddings (<see cref="IEngineProvider.SupportsEmbeddings"/>).</exception>
    public HostedEmbeddingGenerator(ModelHost host, string modelName, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(modelName);
        ResolvedModel model = host.Registry.Resolve(modelName);
        ModelDefinition target = model.Target;
        string name = model.Requested.Name;
        if (!target.Embeddings)
        {
            string where = model.IsAlias ? $" (the alias of '{target.Name}')" : "";
            throw new InvalidOperationException(
                $"Model '{name}'{where} does not serve embeddings: its entry does not enable them. Set Benny:Models:{target.Name}:Embeddings to true "
                + "(add \"Chat\": false as well for an embedding-only model).");
        }

        string engine = target.Engine ?? "";
        if (!host.GetProvider(engine).SupportsEmbeddings)
        {
            throw new NotSupportedException(
                $"Model '{name}' asks for embeddings, but its engine '{engine}' makes none. Serve embeddings from a model of an engine that makes them (gguf), "
                + $"or remove Benny:Models:{target.Name}:Embeddings.");
        }

        _host = host;
        _modelName = name;
        _logger = logger ?? NullLogger.Instance;
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, providerUri: null, defaultModelId: name);
    }

    /// <summary>Gets the model name this generator serves, as the registry spells it.</summary>
    public string ModelName => _modelName;

    /// <inheritdoc />
    /// <remarks>The returned embeddings and usage are the engine's, unchanged (the usage counts the input tokens).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModelLoadException">The model could not be loaded (through the returned task).</exception>
    /// <exception cref="ObjectDisposedException">The host is disposed (through the returned task).</exception>
    /// <exception cref="InvalidOperationException">The engine loaded the model without an embedding generator (through the returned task).</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        return GenerateCoreAsync(values, options, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Returns this generator's <see cref="EmbeddingGeneratorMetadata"/> (provider <c>benny</c>, default model id the model name),
    /// the generator itself, or the <see cref="ModelHost"/>. Any other type is asked of the engine's generator while the model
    /// is loaded (its own metadata with <see cref="HostedChatClient.EngineServiceKey"/> as the key); <see langword="null"/> before.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (HostedChatClient.EngineServiceKey.Equals(serviceKey))
        {
            return _host.GetLoadedEmbeddingService(_modelName, serviceType);
        }

        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(ModelHost))
        {
            return _host;
        }

        return serviceType.IsInstanceOfType(this) ? this : _host.GetLoadedEmbeddingService(_modelName, serviceType);
    }

    /// <summary>Does nothing: the loaded model is shared and owned by the <see cref="ModelHost"/>, which unloads it.</summary>
    public void Dispose()
    {
    }

    private async Task<GeneratedEmbeddings<Embedding<float>>> GenerateCoreAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        using ModelLease lease = await _host.AcquireAsync(_modelName, cancellationToken).ConfigureAwait(false);
        IEmbeddingGenerator<string, Embedding<float>> generator = lease.EmbeddingGenerator
            ?? throw new InvalidOperationException(
                $"The engine '{lease.Model.Target.Engine}' loaded model '{_modelName}' without an embedding generator, though its entry enables embeddings. The engine provider must create one.");
        long started = Stopwatch.GetTimestamp();
        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            double elapsedMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogGenerated(_logger, _modelName, lease.Model.Target.Engine, elapsedMilliseconds, embeddings.Count, embeddings.Usage?.InputTokenCount);
        }

        return embeddings;
    }

    [LoggerMessage(EventId = 111, Level = LogLevel.Debug, Message = "Model {ModelName} (engine {Engine}) embedded {Count} inputs in {ElapsedMilliseconds:F0} ms; input tokens {InputTokens}.")]
    private static partial void LogGenerated(ILogger logger, string modelName, string? engine, double elapsedMilliseconds, int count, long? inputTokens);
}
