using Benny.Runtime.Registry;
using Benny.Runtime.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Benny.Server;

/// <summary>Resolves the <c>model</c> of a request: the tier router by its name, else a registry name or alias.</summary>
internal sealed class ServerModelCatalog(IServiceProvider services, ModelRegistry registry, IOptions<BennyServerOptions> options)
{
    private readonly BennyServerOptions _options = options.Value;

    /// <summary>Gets the router when one is registered (<c>AddTierRouter</c>).</summary>
    public TierRouterChatClient? Router => services.GetService<TierRouterChatClient>();

    public ModelRegistry Registry => registry;

    /// <summary>The names GET /v1/models lists: the router's (when registered), then the registry's, sorted.</summary>
    public IEnumerable<string> Names
    {
        get
        {
            if (Router is not null)
            {
                yield return _options.RouterModelName;
            }

            foreach (string name in registry.Names.Order(StringComparer.OrdinalIgnoreCase))
            {
                yield return name;
            }
        }
    }

    public bool IsRouter(string model) => Router is not null && string.Equals(model, _options.RouterModelName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets the client and the name to report for <paramref name="model"/>.</summary>
    /// <exception cref="UnknownModelException">No such model.</exception>
    public (IChatClient Client, string Name) Resolve(string model)
    {
        if (IsRouter(model))
        {
            return (Router!, _options.RouterModelName);
        }

        if (!registry.Contains(model))
        {
            throw new UnknownModelException(model, Names);
        }

        string name = registry.Resolve(model).Requested.Name;
        return (services.GetRequiredKeyedService<IChatClient>(name), name);
    }
}
