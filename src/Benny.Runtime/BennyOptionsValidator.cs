using Benny.Runtime.Hosting;
using Benny.Runtime.Presets;
using Benny.Runtime.Prompts;
using Benny.Runtime.Registry;
using Benny.Runtime.Routing;
using Microsoft.Extensions.Options;

namespace Benny.Runtime;

/// <summary>
/// Validates <see cref="BennyOptions"/> at start: the registry (names, engines, aliases), presets and model
/// parameters, the prompt folder the host limits and the tier router. Every problem is reported with the field to fix.
/// </summary>
internal sealed class BennyOptionsValidator(IEnumerable<IEngineProvider> providers) : IValidateOptions<BennyOptions>
{
    public ValidateOptionsResult Validate(string? name, BennyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        ModelRegistry? registry = null;
        try
        {
            registry = ModelRegistry.Create(options.Models.Values, providers.Select(p => p.EngineName));
        }
        catch (ModelRegistryException e)
        {
            errors.AddRange(e.Errors);
        }

        CollectEmbeddingEngineErrors(options.Models.Values, errors);

        var presets = new PresetResolver(options.Presets);
        foreach ((string presetName, GenerationPreset preset) in options.Presets)
        {
            preset.CollectErrors($"Benny:Presets:{presetName}", errors);
        }

        foreach (ModelDefinition model in options.Models.Values)
        {
            model.Parameters?.CollectErrors($"Benny:Models:{model.Name}:Parameters", errors);
            if (model.Preset is { } presetName && !presets.TryGetPreset(presetName, out _))
            {
                errors.Add(presets.UnknownPresetMessage(model.Name, presetName));
            }
        }

        if (options.Prompts.Directory is { } directory)
        {
            try
            {
                PromptStore.Load(directory);
            }
            catch (Exception e) when (e is IOException or PromptFormatException or UnauthorizedAccessException)
            {
                errors.Add($"Benny:Prompts:Directory: {e.Message}");
            }
        }

        options.Host.CollectErrors(errors);
        options.Provisioning.CollectErrors(errors);
        foreach (ModelDefinition model in options.Models.Values)
        {
            if (model.Source is { } source && !Provisioning.ModelSource.TryParse(source, out _))
            {
                errors.Add($"Benny:Models:{model.Name}:Source is '{source}'; write hf://<owner>/<repo>/<file> (one file) or hf://<owner>/<repo> (a model folder).");
            }
        }

        if (options.Router.IsConfigured)
        {
            options.Router.CollectErrors(options.Models.ContainsKey, errors);
            if (registry is not null)
            {
                CollectEmbeddingOnlyTierErrors(options.Router, registry, errors);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>A router tier answers chat requests, so its model cannot be an embeddings-only entry (<c>"Chat": false</c>, also through an alias).</summary>
    private static void CollectEmbeddingOnlyTierErrors(TierRouterOptions router, ModelRegistry registry, List<string> errors)
    {
        foreach ((string tier, string name) in router.Tiers)
        {
            if (registry.Contains(name) && registry.Resolve(name).Target is { Chat: false } target)
            {
                errors.Add($"Benny:Router:Tiers:{tier} names '{name}', which serves embeddings only (Benny:Models:{target.Name}:Chat is false); a tier needs a chat model.");
            }
        }
    }

    /// <summary>An entry that asks for embeddings needs an engine that makes them.</summary>
    private void CollectEmbeddingEngineErrors(IEnumerable<ModelDefinition> models, List<string> errors)
    {
        foreach (ModelDefinition model in models)
        {
            if (model.AliasOf is not null || !model.Embeddings || model.Engine is not { } engine)
            {
                continue;
            }

            IEngineProvider? provider = providers.FirstOrDefault(p => string.Equals(p.EngineName, engine, StringComparison.OrdinalIgnoreCase));
            if (provider is { SupportsEmbeddings: false })
            {
                errors.Add($"Benny:Models:{model.Name}:Embeddings is true, but the engine '{provider.EngineName}' makes no embeddings. Serve embeddings from a gguf model, or remove the setting from '{model.Name}'.");
            }
        }
    }
}
