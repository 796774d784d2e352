using Benny.Engines.Gguf;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the GGUF engine to Benny.</summary>
public static class GgufBennyBuilderExtensions
{
    /// <summary>
    /// Registers the <c>gguf</c> engine, so registry entries with <c>"Engine": "gguf"</c> load on llama.cpp.
    /// </summary>
    /// <param name="builder">The Benny builder.</param>
    /// <param name="configure">Sets engine defaults (native folder, threads, backend, ...); registry entries override them per model.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IBennyBuilder AddGgufEngine(this IBennyBuilder builder, Action<GgufEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<GgufEngineOptions>();
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder.AddEngine<GgufEngineProvider>();
    }
}
