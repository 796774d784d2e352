namespace Benny.Runtime.Registry;

/// <summary>Files whose models are imported into the registry at start. Bound from <c>Benny:Import</c>.</summary>
/// <remarks>Entries under <c>Benny:Models</c> win over imported entries of the same name.</remarks>
public sealed class RegistryImportOptions
{
    /// <summary>Gets the model converter's <c>registry.json</c> files to import.</summary>
    public List<string> ConverterRegistries { get; init; } = [];

    /// <summary>Gets the profiles manifests (such as <c>configs/llm_models.json</c>) to import the active profile from.</summary>
    public List<string> ProfilesManifests { get; init; } = [];
}
