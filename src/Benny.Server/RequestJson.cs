using System.Text.Json;
using Benny.Server.Errors;

namespace Benny.Server;

/// <summary>Parses a request body that must be one JSON object; anything else is a 400 in OpenAI's error shape.</summary>
internal static class RequestJson
{
    /// <summary>Parses <paramref name="body"/> and hands its root object to <paramref name="read"/>, while the document is alive.</summary>
    /// <remarks><paramref name="read"/> must clone whatever it keeps beyond the call (a <see cref="JsonElement"/> dies with its document).</remarks>
    /// <exception cref="OpenAiRequestException">The body is not JSON, or not a JSON object.</exception>
    public static T ParseObject<T>(ReadOnlyMemory<byte> body, Func<JsonElement, T> read)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new OpenAiRequestException(OpenAiError.BadRequest($"The request body is not valid JSON: {ex.Message}", code: "invalid_json"));
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? read(root)
                : throw new OpenAiRequestException(OpenAiError.BadRequest("The request body must be a JSON object."));
        }
    }
}
