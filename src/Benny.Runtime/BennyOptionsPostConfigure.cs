using Benny.Runtime.Registry;
using Microsoft.Extensions.Options;

namespace Benny.Runtime;

/// <summary>
/// Completes <see cref="BennyOptions"/> after binding: names every entry after its key and adds the
/// models of the configured imports (explicit <c>Benny:Models</c> entries win over imported ones).
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
    }
}
