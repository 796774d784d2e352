using Benny.Runtime.Presets;
using Benny.Runtime.Registry;

namespace Benny.Runtime.Hosting;

/// <summary>
/// Turns a <see cref="ModelDefinition"/> into a loaded model. Engine packages register one provider per
/// engine name (<c>AddGgufEngine()</c>, <c>AddOpenVinoEngine()</c>); the <see cref="ModelHost"/> calls it.
/// </summary>
public interface IEngineProvider
{
    /// <summary>Gets the engine name that registry entries use in <see cref="ModelDefinition.Engine"/> (case-insensitive).</summary>
    string EngineName { get; }

    /// <summary>Gets the generation parameters the engine honours; the preset layer drops the others.</summary>
    GenerationParameters SupportedParameters { get; }

    /// <summary>
    /// Gets whether the engine makes embeddings: whether it honours <see cref="ModelDefinition.Embeddings"/> (an
    /// <see cref="IEngineModel.EmbeddingGenerator"/> on the loaded weights) and <c>"Chat": false</c> (embeddings only).
    /// </summary>
    /// <value>The default implementation returns <see langword="false"/>: entries of the engine that ask for embeddings fail validation.</value>
    bool SupportsEmbeddings => false;

    /// <summary>
    /// Gets the keys of <see cref="ModelDefinition.Settings"/> the engine reads (compared case-insensitively), so that start-up
    /// validation can report a misspelled one with the closest key (a warning; an error under <c>StrictConfiguration</c>).
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: the engine does not declare its settings, and any key is accepted.</value>
    IReadOnlyCollection<string>? SettingsKeys => null;

    /// <summary>Loads the model that <paramref name="definition"/> describes.</summary>
    /// <param name="definition">A non-alias entry whose <see cref="ModelDefinition.Engine"/> is this provider's.</param>
    /// <param name="progress">Receives load progress as a fraction in [0, 1]; may be called from any thread.</param>
    /// <param name="cancellationToken">Cancels the load (the host cancels it on shutdown).</param>
    /// <returns>The loaded model; the host owns it and disposes it when it unloads.</returns>
    Task<IEngineModel> LoadAsync(ModelDefinition definition, IProgress<float> progress, CancellationToken cancellationToken);
}
