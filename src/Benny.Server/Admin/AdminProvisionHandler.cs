using System.Text.Json;
using Benny.Runtime.Provisioning;
using Benny.Server.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Benny.Server.Admin;

/// <summary>
/// Serves the admin <c>POST /api/v1/models/provision</c>: body <c>{"roles": [...], "models": [...], "force": false}</c>
/// (every field optional), answer the <see cref="ProvisioningReport"/> (snake_case, as <c>benny provision --json</c>
/// prints it). Without roles or models, every registry name that has a downloadable source is provisioned.
/// </summary>
/// <remarks>
/// The status is 200 when every entry succeeded and 207 (multi-status) when some failed; the report says which and why.
/// A client that disconnects cancels the downloads this request started; partial files stay for a resume.
/// </remarks>
internal sealed class AdminProvisionHandler(IModelProvisioner provisioner, ServerModelCatalog catalog, IOptions<BennyServerOptions> options)
{
    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            ReadOnlyMemory<byte> body = await RequestBodyReader.ReadAsync(context, options.Value.MaxRequestBodySize).ConfigureAwait(false);
            (List<string> names, bool force) = Parse(body);
            if (names.Count == 0)
            {
                names = ProvisioningTargets.Downloadable(catalog.Registry, provisioner);
            }

            ProvisioningReport report = await provisioner.EnsureAsync(names, force, progress: null, context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = report.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status207MultiStatus;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(report.ToJson(), context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; nothing to answer.
        }
        catch (OpenAiRequestException e)
        {
            await OpenAiErrorWriter.WriteAsync(context, e.Error).ConfigureAwait(false);
        }
    }

    private static (List<string> Names, bool Force) Parse(ReadOnlyMemory<byte> body)
    {
        var names = new List<string>();
        bool force = false;
        if (body.IsEmpty)
        {
            return (names, force);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new OpenAiRequestException(OpenAiError.BadRequest($"The request body is not valid JSON: {e.Message}"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new OpenAiRequestException(OpenAiError.BadRequest("The request body must be a JSON object: {\"roles\": [...], \"models\": [...], \"force\": false}."));
            }

            foreach (string field in new[] { "roles", "models" })
            {
                if (!document.RootElement.TryGetProperty(field, out JsonElement list) || list.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString())))
                {
                    throw new OpenAiRequestException(OpenAiError.BadRequest($"'{field}' must be an array of names.", field));
                }

                names.AddRange(list.EnumerateArray().Select(e => e.GetString()!));
            }

            if (document.RootElement.TryGetProperty("force", out JsonElement forceValue) && forceValue.ValueKind != JsonValueKind.Null)
            {
                force = forceValue.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new OpenAiRequestException(OpenAiError.BadRequest("'force' must be true or false.", "force")),
                };
            }
        }

        return (names.Distinct(StringComparer.Ordinal).ToList(), force);
    }
}
