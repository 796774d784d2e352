using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Benny.Server.Errors;

/// <summary>Writes <see cref="OpenAiError"/>s as JSON responses and as server-sent events.</summary>
internal static class OpenAiErrorWriter
{
    public static async Task WriteAsync(HttpContext context, OpenAiError error)
    {
        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = "application/json";
        if (error.StatusCode == 401)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        await context.Response.Body.WriteAsync(ToJson(error), context.RequestAborted).ConfigureAwait(false);
    }

    public static byte[] ToJson(OpenAiError error)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", error.Message);
            writer.WriteString("type", error.Type);
            WriteStringOrNull(writer, "param", error.Param);
            WriteStringOrNull(writer, "code", error.Code);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
