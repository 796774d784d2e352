using Benny.Runtime.Registry;
using Benny.Server.Errors;
using Benny.Runtime.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Benny.Server;

/// <summary>Resolves the <c>model</c> of a request: the tier router by its name, else a registry name or alias (for chat or embeddings).</summary>
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

    /// <summary>Gets the embedding generator and the name to report for <paramref name="model"/>.</summary>
    /// <exception cref="UnknownModelException">No such model.</exception>
    /// <exception cref="OpenAiRequestException">The model is the router, or its entry does not enable embeddings (400, param <c>model</c>).</exception>
    public (IEmbeddingGenerator<string, Embedding<float>> Generator, string Name) ResolveEmbeddings(string model)
    {
        if (IsRouter(model))
        {
            throw new OpenAiRequestException(OpenAiError.BadRequest(
                $"'{_options.RouterModelName}' is the tier router, which serves chat only. Ask a model whose entry sets \"Embeddings\": true.", "model", "model_not_supported"));
        }

        if (!registry.Contains(model))
        {
            throw new UnknownModelException(model, Names);
        }

        ResolvedModel resolved = registry.Resolve(model);
        if (!resolved.Target.Embeddings)
        {
            throw new OpenAiRequestException(OpenAiError.BadRequest(
                $"The model '{resolved.Requested.Name}' does not serve embeddings. Set Benny:Models:{resolved.Target.Name}:Embeddings to true to serve them from its loaded weights.", "model", "model_not_supported"));
        }

        string name = resolved.Requested.Name;
        return (services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(name), name);
    }
}
