using Benny.Runtime.Registry;

namespace Benny.Runtime.Provisioning;

/// <summary>What "provision everything" means when no roles or models are named (the CLI and the server's admin API).</summary>
public static class ProvisioningTargets
{
    /// <summary>
    /// Gets every registry name whose model has a downloadable artifact (a <c>Source</c>, or a catalog entry for a model
    /// without a path): models in name order, then aliases whose model is not listed yet (each model once).
    /// </summary>
    /// <param name="registry">The registry.</param>
    /// <param name="provisioner">The provisioner that knows the catalog.</param>
    /// <returns>The names to provision; empty when nothing is downloadable.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static List<string> Downloadable(ModelRegistry registry, IModelProvisioner provisioner)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(provisioner);
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ResolvedModel resolved in registry.Names.Order(StringComparer.Ordinal).Select(registry.Resolve).OrderBy(r => r.IsAlias))
        {
            string name = resolved.Requested.Name;
            ModelDefinition target = resolved.Target;
            if (provisioner.FindArtifact(target) is not null && seen.Add(target.Name))
            {
                names.Add(name);
            }
        }

        return names;
    }
}
