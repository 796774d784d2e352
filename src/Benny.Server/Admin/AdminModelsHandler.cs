using Benny.Runtime;
using Benny.Runtime.Presets;
using Benny.Server.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Benny.Server.Admin;

/// <summary>Serves the admin <c>GET /api/v1/models</c>: the active profile, every model with resolved settings, and all profiles.</summary>
internal sealed class AdminModelsHandler(ServerModelCatalog catalog, PresetResolver presets, IOptions<BennyOptions> bennyOptions, IOptions<BennyServerOptions> serverOptions)
{
    public async Task HandleAsync(HttpContext context)
    {
        BennyOptions options = bennyOptions.Value;
        byte[] json = ChatCompletionWriter.Write(writer =>
        {
            writer.WriteStartObject();
            string profile = !string.IsNullOrWhiteSpace(options.Profile) ? options.Profile
                : Environment.GetEnvironmentVariable(BennyOptions.ProfileEnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
                : "default";
            writer.WriteString("profile", profile);
            writer.WriteStartArray("profiles");
            foreach (string name in ModelDescriptions.ReadProfiles(options))
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            if (catalog.Router is not null)
            {
                writer.WriteString("router", serverOptions.Value.RouterModelName);
            }
            else
            {
                writer.WriteNull("router");
            }

            writer.WriteStartArray("models");
            foreach (string name in catalog.Registry.Names.Order(StringComparer.OrdinalIgnoreCase))
            {
                ModelDescriptions.WriteDefinition(writer, catalog.Registry, presets, name);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }
}
