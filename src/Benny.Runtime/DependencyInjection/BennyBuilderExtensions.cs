using Benny.Runtime;
using Benny.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds engines and registry imports to Benny.</summary>
public static class BennyBuilderExtensions
{
    /// <summary>Registers an engine provider; registry entries whose <c>Engine</c> equals its <see cref="IEngineProvider.EngineName"/> load through it.</summary>
    /// <typeparam name="TProvider">The provider type, created by the container as a singleton.</typeparam>
    /// <param name="builder">The Benny builder.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IBennyBuilder AddEngine<TProvider>(this IBennyBuilder builder)
        where TProvider : class, IEngineProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IEngineProvider, TProvider>());
        return builder;
    }

    /// <summary>Registers an engine provider instance.</summary>
    /// <param name="builder">The Benny builder.</param>
    /// <param name="provider">The provider.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IBennyBuilder AddEngine(this IBennyBuilder builder, IEngineProvider provider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(provider);
        builder.Services.AddSingleton(provider);
        return builder;
    }

    /// <summary>Imports the models of a model converter's <c>registry.json</c> at start (see docs/configuration.md).</summary>
    /// <param name="builder">The Benny builder.</param>
    /// <param name="registryJsonPath">The file; relative paths resolve against the current directory.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="registryJsonPath"/> is <see langword="null"/> or empty.</exception>
    public static IBennyBuilder ImportConverterRegistry(this IBennyBuilder builder, string registryJsonPath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(registryJsonPath);
        builder.Services.Configure<BennyOptions>(options => options.Import.ConverterRegistries.Add(registryJsonPath));
        return builder;
    }

    /// <summary>Imports the roles of one profile of a profiles manifest (such as <c>configs/llm_models.json</c>) at start.</summary>
    /// <param name="builder">The Benny builder.</param>
    /// <param name="manifestPath">The file; relative paths resolve against the current directory.</param>
    /// <param name="profile">The profile; <see langword="null"/> keeps <see cref="BennyOptions.Profile"/>, then <c>BENNY_PROFILE</c>, then <c>default</c>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="manifestPath"/> is <see langword="null"/> or empty.</exception>
    public static IBennyBuilder ImportProfiles(this IBennyBuilder builder, string manifestPath, string? profile = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        builder.Services.Configure<BennyOptions>(options =>
        {
            options.Import.ProfilesManifests.Add(manifestPath);
            options.Profile = profile ?? options.Profile;
        });
        return builder;
    }
}
