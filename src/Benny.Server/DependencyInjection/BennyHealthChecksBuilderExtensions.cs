using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Benny.Server.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds one health check per Benny model.</summary>
public static class BennyHealthChecksBuilderExtensions
{
    /// <summary>The tag every Benny model check carries.</summary>
    public const string Tag = "benny";

    /// <summary>
    /// Registers a <see cref="ModelHealthCheck"/> for every registry model (named after the model, tagged <see cref="Tag"/>).
    /// The names are read from the registry when the health check service is first built, so models from configuration
    /// and imports are all covered. Usable without the server: <c>services.AddHealthChecks().AddBennyHealthChecks()</c>.
    /// Calling it again does nothing.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IHealthChecksBuilder AddBennyHealthChecks(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(BennyHealthChecksMarker)))
        {
            return builder;
        }

        builder.Services.AddSingleton<BennyHealthChecksMarker>();
        builder.Services.AddOptions<HealthCheckServiceOptions>().Configure<ModelRegistry, ModelHost>((options, registry, host) =>
        {
            foreach (string name in registry.Names.Order(StringComparer.OrdinalIgnoreCase))
            {
                options.Registrations.Add(new HealthCheckRegistration(name, new ModelHealthCheck(host, name), failureStatus: null, tags: [Tag]));
            }
        });
        return builder;
    }

    /// <summary>Records that the checks are registered.</summary>
    private sealed class BennyHealthChecksMarker;
}
