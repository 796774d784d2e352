using Benny.Server;
using Benny.Server.Admin;
using Benny.Server.Chat;
using Benny.Server.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the services of Benny's OpenAI-compatible server.</summary>
public static class BennyServerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the server's services: <see cref="BennyServerOptions"/> bound from <c>Benny:Server</c> of the container's
    /// <see cref="IConfiguration"/> (when there is one), then <paramref name="configure"/>; the per-model health checks
    /// (<see cref="BennyHealthChecksBuilderExtensions.AddBennyHealthChecks"/>); and the endpoint handlers. Benny itself is
    /// registered separately (<c>AddBenny(...)</c> with engines, optionally <c>AddTierRouter()</c>). Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the options after binding; optional.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddBennyServer(this IServiceCollection services, Action<BennyServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(ChatCompletionHandler)))
        {
            return services;
        }

        services.AddOptions<BennyServerOptions>()
            .Configure<IServiceProvider>(static (options, provider) => provider.GetService<IConfiguration>()?.GetSection(BennyServerOptions.SectionName).Bind(options))
            .Validate(static o => o.MaxRequestBodySize > 0, "Benny:Server:MaxRequestBodySize must be positive.")
            .Validate(static o => !string.IsNullOrWhiteSpace(o.RouterModelName), "Benny:Server:RouterModelName must not be empty.")
            .ValidateOnStart();

        // Bind runs before code configuration: move the binding step first.
        ServiceDescriptor binding = services.Last(d => d.ServiceType == typeof(IConfigureOptions<BennyServerOptions>));
        services.Remove(binding);
        services.Insert(0, binding);

        services.AddHealthChecks().AddBennyHealthChecks();
        services.TryAddSingleton<ServerModelCatalog>();
        services.TryAddSingleton<ChatCompletionHandler>();
        services.TryAddSingleton<EmbeddingsHandler>();
        services.TryAddSingleton<ServerEndpoints>();
        services.TryAddSingleton<AdminModelsHandler>();
        services.TryAddSingleton<AdminProvisionHandler>();
        services.TryAddSingleton<AdminTokenFilter>();
        return services;
    }
}
