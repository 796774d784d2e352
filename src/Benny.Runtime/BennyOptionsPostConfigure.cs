using Benny.Runtime.Provisioning;
using Benny.Runtime.Registry;
using Microsoft.Extensions.Options;

namespace Benny.Runtime;

/// <summary>
/// Completes <see cref="BennyOptions"/> after binding: names every entry after its key and adds the
/// models of the configured imports (explicit <c>Benny:Models</c> entries win over imported ones), then gives
/// entries without a path their source (the built-in catalog's when they name none) and cache location.
/// </summary>
internal sealed class BennyOptionsPostConfigure : IPostConfigureOptions<BennyOptions>
{
    public void PostConfigure(string? name, BennyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach ((string key, ModelDefinition definition) in options.Models)
        {
            definition.Name = key;
        }

        IEnumerable<ModelDefinition> imported = options.Import.ConverterRegistries.SelectMany(ConverterRegistryImporter.Import)
            .Concat(options.Import.ProfilesManifests.SelectMany(path => ProfilesManifestImporter.Import(path, options.Profile)));
        foreach (ModelDefinition definition in imported)
        {
            options.Models.TryAdd(definition.Name, definition);
        }

        foreach (ModelDefinition definition in options.Models.Values)
        {
            if (ModelProvisioner.IsImporterPlaceholder(definition)
                && (definition.Source is not null || ModelCatalog.BuiltIn.TryGet(definition.Name, definition.Engine, out _)))
            {
                // The profiles importer's placeholder path (the model name) gives way to the download location.
                definition.Path = null;
            }
        }

        ModelCatalog.BuiltIn.Apply(options.Models.Values, options.Provisioning.GetCacheDirectory());
    }
}
