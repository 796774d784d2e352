using Benny.Runtime;
using Benny.Runtime.Hosting;
using Benny.Runtime.Presets;
using Benny.Runtime.Prompts;
using Benny.Runtime.Provisioning;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Benny in an <see cref="IServiceCollection"/>.</summary>
/// <remarks>
/// Every model of the registry becomes a keyed <see cref="IChatClient"/>:
/// <c>provider.GetRequiredKeyedService&lt;IChatClient&gt;("benny-clean-s")</c> returns the model's pipeline
/// (prompt template, then preset, then the engine through the <see cref="ModelHost"/>). A model whose entry sets
/// <c>"Embeddings": true</c> is also a keyed <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>
/// (<see cref="HostedEmbeddingGenerator"/>) on the same loaded instance. An <see cref="IModelProvisioner"/>
/// downloads models that have a source (<c>Benny:Provisioning</c>). Options are
/// validated at start (<c>ValidateOnStart</c>) and on first use.
/// </remarks>
public static class BennyServiceCollectionExtensions
{
    /// <summary>Adds Benny, bound from a configuration section (usually <c>configuration.GetSection("Benny")</c>).</summary>
    /// <remarks>
    /// A model, preset or router rule holding a value that cannot be converted (<c>"ContextSize": "big"</c>) fails
    /// validation naming the field and the value, instead of being left out of the options. A map (<c>Models</c>,
    /// <c>Presets</c>, <c>Router:Tiers</c>) written as an array, or a list (<c>Router:Rules</c>) written as an object, is an
    /// error; a key anywhere under the section that no property binds, or a model <c>Settings</c> key its engine does not
    /// read, is logged as a warning naming the closest known key (an error when <c>StrictConfiguration</c> is set).
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <c>Models</c>, <c>Presets</c>, <c>Prompts</c>, <c>Import</c>, <c>Host</c>, ...</param>
    /// <returns>A builder to add engines and imports.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IBennyBuilder AddBenny(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Registered first, so an entry the binder dropped is reported before the errors it causes elsewhere.
        services.AddSingleton<IValidateOptions<BennyOptions>>(sp => new BennyConfigurationBindingValidator(
            configuration, sp.GetService<ILoggerFactory>()?.CreateLogger<BennyConfigurationBindingValidator>(), sp.GetServices<IEngineProvider>()));
        IBennyBuilder builder = services.AddBenny();
        services.AddOptions<BennyOptions>().Bind(configuration);
        return builder;
    }

    /// <summary>Adds Benny, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets up the registry, presets, prompts and host options.</param>
    /// <returns>A builder to add engines and imports.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IBennyBuilder AddBenny(this IServiceCollection services, Action<BennyOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        IBennyBuilder builder = services.AddBenny();
        services.Configure(configure);
        return builder;
    }

    /// <summary>Adds Benny's services without configuring them (configure <see cref="BennyOptions"/> elsewhere). Safe to call more than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder to add engines and imports.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IBennyBuilder AddBenny(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new BennyBuilder(services);
        if (services.Any(d => d.ServiceType == typeof(ModelChatClientFactory)))
        {
            return builder;
        }

        services.AddOptions<BennyOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<BennyOptions>, BennyOptionsPostConfigure>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BennyOptions>, BennyOptionsValidator>());

        services.TryAddSingleton(sp => ModelRegistry.Create(
            sp.GetRequiredService<IOptions<BennyOptions>>().Value.Models.Values,
            sp.GetServices<IEngineProvider>().Select(p => p.EngineName)));
        services.TryAddSingleton(sp => new PresetResolver(sp.GetRequiredService<IOptions<BennyOptions>>().Value.Presets));
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<BennyOptions>>().Value.Prompts.Directory is { } directory
            ? PromptStore.Load(directory)
            : PromptStore.Empty);
        services.TryAddSingleton<IModelProvisioner>(sp => new ModelProvisioner(
            sp.GetRequiredService<ModelRegistry>(),
            sp.GetRequiredService<IOptions<BennyOptions>>().Value.Provisioning,
            httpClient: null,
            sp.GetService<ModelCatalog>(),
            sp.GetService<ILogger<ModelProvisioner>>(),
            sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => new ModelHost(
            sp.GetRequiredService<ModelRegistry>(),
            sp.GetServices<IEngineProvider>(),
            sp.GetRequiredService<IOptions<BennyOptions>>().Value.Host,
            sp.GetService<ILogger<ModelHost>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IModelProvisioner>()));
        services.TryAddSingleton(sp => new ModelChatClientFactory(
            sp.GetRequiredService<ModelHost>(),
            sp.GetRequiredService<PresetResolver>(),
            sp.GetRequiredService<PromptStore>(),
            sp.GetRequiredService<IOptions<BennyOptions>>().Value.StrictParameters,
            sp.GetService<ILoggerFactory>()));

        // Model names come from configuration, so they are unknown here: one registration answers every
        // string key, and an unknown name fails with the list of registered ones.
        services.AddKeyedSingleton<IChatClient>(KeyedService.AnyKey, static (sp, key) => key is string name
            ? sp.GetRequiredService<ModelChatClientFactory>().CreateChatClient(name)
            : throw new ArgumentException($"Benny resolves keyed IChatClient services by model name (a string); got the key '{key}' of type {key?.GetType().Name ?? "null"}.", nameof(key)));

        // Embeddings of the models whose entries enable them, from the same loaded instance as their chat client.
        services.AddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(KeyedService.AnyKey, static (sp, key) => key is string name
            ? new HostedEmbeddingGenerator(sp.GetRequiredService<ModelHost>(), name, sp.GetService<ILoggerFactory>()?.CreateLogger<HostedEmbeddingGenerator>())
            : throw new ArgumentException($"Benny resolves keyed IEmbeddingGenerator services by model name (a string); got the key '{key}' of type {key?.GetType().Name ?? "null"}.", nameof(key)));
        return builder;
    }
}
