using Benny.Runtime.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Benny.Server.Health;

/// <summary>
/// The health of one registry model, from <see cref="ModelHost.GetStatus"/>: loaded is healthy (<c>ready</c>), not loaded is
/// healthy (<c>not_loaded</c>: it loads on its first request), loading is degraded (<c>loading</c>), a failed last load is
/// unhealthy (<c>failed</c>, with the error). The check never loads a model. <c>Data["state"]</c> holds the state word.
/// </summary>
public sealed class ModelHealthCheck : IHealthCheck
{
    /// <summary>The key of the state word in <see cref="HealthCheckResult.Data"/>.</summary>
    public const string StateKey = "state";

    private readonly ModelHost _host;
    private readonly string _modelName;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="host">The host that loads the model.</param>
    /// <param name="modelName">A registry name or alias.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public ModelHealthCheck(ModelHost host, string modelName)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(modelName);
        _host = host;
        _modelName = modelName;
    }

    /// <summary>Gets the state word of a load state: <c>ready</c>, <c>loading</c>, <c>not_loaded</c> or <c>failed</c>.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The word.</returns>
    public static string StateName(ModelLoadState state) => state switch
    {
        ModelLoadState.Loaded => "ready",
        ModelLoadState.Loading => "loading",
        ModelLoadState.Failed => "failed",
        _ => "not_loaded",
    };

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ModelStatus status = _host.GetStatus(_modelName);
        var data = new Dictionary<string, object>
        {
            [StateKey] = StateName(status.State),
            ["engine"] = _host.Registry.Resolve(_modelName).Target.Engine ?? "",
        };
        HealthCheckResult result = status.State switch
        {
            ModelLoadState.Loaded => HealthCheckResult.Healthy($"Model '{status.ModelName}' is loaded.", data),
            ModelLoadState.Loading => HealthCheckResult.Degraded($"Model '{status.ModelName}' is loading.", data: data),
            ModelLoadState.Failed => HealthCheckResult.Unhealthy($"Model '{status.ModelName}' failed to load at {status.FailedAt:O}: {status.Error}", data: data),
            _ => HealthCheckResult.Healthy($"Model '{status.ModelName}' is not loaded; it loads on its first request.", data),
        };
        return Task.FromResult(result);
    }
}
