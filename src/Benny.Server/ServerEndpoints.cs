using System.Text.Json;
using Benny.Runtime.Hosting;
using Benny.Server.Chat;
using Benny.Server.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Benny.Server;

/// <summary>The handlers of <c>GET /v1/models</c>, <c>GET /health</c> and <c>GET /info</c>.</summary>
internal sealed class ServerEndpoints(ServerModelCatalog catalog, ModelHost host, HealthCheckService health)
{
    private readonly long _started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public Task ModelsAsync(HttpContext context)
        => WriteJsonAsync(context, 200, ChatCompletionWriter.Models(catalog.Names, _started));

    /// <summary>Runs every registered health check: 200 when healthy or degraded (loading), 503 when unhealthy.</summary>
    public async Task HealthAsync(HttpContext context)
    {
        HealthReport report = await health.CheckHealthAsync(context.RequestAborted).ConfigureAwait(false);
        byte[] json = ChatCompletionWriter.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("status", Word(report.Status));
            writer.WriteStartObject("models");
            foreach ((string name, HealthReportEntry entry) in report.Entries.Where(e => e.Value.Tags.Contains(Microsoft.Extensions.DependencyInjection.BennyHealthChecksBuilderExtensions.Tag)))
            {
                writer.WriteStartObject(name);
                writer.WriteString("state", entry.Data.TryGetValue(ModelHealthCheck.StateKey, out object? state) ? state?.ToString() : null);
                writer.WriteString("status", Word(entry.Status));
                writer.WriteString("description", entry.Description);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteStartObject("checks");
            foreach ((string name, HealthReportEntry entry) in report.Entries.Where(e => !e.Value.Tags.Contains(Microsoft.Extensions.DependencyInjection.BennyHealthChecksBuilderExtensions.Tag)))
            {
                writer.WriteStartObject(name);
                writer.WriteString("status", Word(entry.Status));
                writer.WriteString("description", entry.Description);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });
        await WriteJsonAsync(context, report.Status == HealthStatus.Unhealthy ? 503 : 200, json).ConfigureAwait(false);
    }

    /// <summary>Describes every model: name, engine, device, quantization, context, load state.</summary>
    public Task InfoAsync(HttpContext context)
    {
        byte[] json = ChatCompletionWriter.Write(writer =>
        {
            writer.WriteStartObject();
            if (catalog.Router is { } router)
            {
                writer.WriteStartObject("router");
                writer.WriteString("name", catalog.Names.First());
                writer.WriteString("provider", router.GetService<ChatClientMetadata>()?.ProviderName);
                writer.WriteEndObject();
            }

            writer.WriteStartArray("models");
            foreach (string name in catalog.Registry.Names.Order(StringComparer.OrdinalIgnoreCase))
            {
                ModelDescriptions.WriteInfo(writer, catalog.Registry, host, name, catalog.Resolve(name).Client);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        return WriteJsonAsync(context, 200, json);
    }

    private static string Word(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    private static async Task WriteJsonAsync(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }
}
