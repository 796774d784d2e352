using Benny.Engines.OpenVino;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the OpenVINO engine to Benny.</summary>
public static class OpenVinoBennyBuilderExtensions
{
    /// <summary>
    /// Registers the <c>openvino</c> engine, so registry entries with <c>"Engine": "openvino"</c> (the default of converter
    /// <c>registry.json</c> imports) load on OpenVINO GenAI. Calling it again only adds <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The Benny builder.</param>
    /// <param name="configure">Sets engine defaults (native folder, device, fallbacks, cache, NPU limits); registry entries override them per model.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IBennyBuilder AddOpenVinoEngine(this IBennyBuilder builder, Action<OpenVinoEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<OpenVinoEngineOptions>();
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder.AddEngine<OpenVinoEngineProvider>();
    }
}
