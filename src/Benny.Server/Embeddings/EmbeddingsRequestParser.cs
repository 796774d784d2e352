using System.Text.Json;
using Benny.Server.Errors;

namespace Benny.Server.Embeddings;

/// <summary>
/// Reads an OpenAI embeddings request body. Unknown fields (<c>user</c>, ...) are ignored; a known field of the wrong
/// type or value is an <see cref="OpenAiRequestException"/> naming it.
/// </summary>
internal static class EmbeddingsRequestParser
{
    public static EmbeddingsRequest Parse(ReadOnlyMemory<byte> body) => RequestJson.ParseObject(body, root =>
    {
        string model = root.TryGetProperty("model", out JsonElement modelElement) && modelElement.ValueKind == JsonValueKind.String && modelElement.GetString() is { Length: > 0 } name
            ? name
            : throw Invalid("'model' is required: the name of a model whose entry enables embeddings (GET /v1/models lists the models).", "model");
        return new EmbeddingsRequest(model, GetInputs(root), GetBase64(root), GetDimensions(root));
    });

    private static List<string> GetInputs(JsonElement root)
    {
        if (!root.TryGetProperty("input", out JsonElement input) || input.ValueKind == JsonValueKind.Null)
        {
            throw Invalid("'input' is required: a string or an array of strings.", "input");
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            return [input.GetString()!];
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("Invalid type for 'input': expected a string or an array of strings.", "input");
        }

        var inputs = new List<string>(input.GetArrayLength());
        int index = 0;
        foreach (JsonElement item in input.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                string what = item.ValueKind is JsonValueKind.Number or JsonValueKind.Array
                    ? "token arrays are not supported; send the text"
                    : "expected a string";
                throw Invalid($"Invalid type for 'input[{index}]': {what}.", $"input[{index}]");
            }

            inputs.Add(item.GetString()!);
            index++;
        }

        return inputs.Count > 0 ? inputs : throw Invalid("'input' must hold at least one string.", "input");
    }

    private static bool GetBase64(JsonElement root)
    {
        if (!root.TryGetProperty("encoding_format", out JsonElement format) || format.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return format.ValueKind == JsonValueKind.String ? format.GetString() switch
        {
            "float" => false,
            "base64" => true,
            var other => throw Invalid($"Invalid value for 'encoding_format': '{other}'. Supported: float, base64.", "encoding_format"),
        }
        : throw Invalid("Invalid type for 'encoding_format': expected a string (float or base64).", "encoding_format");
    }

    private static int? GetDimensions(JsonElement root)
    {
        if (!root.TryGetProperty("dimensions", out JsonElement dimensions) || dimensions.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return dimensions.ValueKind == JsonValueKind.Number && dimensions.TryGetInt32(out int value) && value > 0
            ? value
            : throw Invalid("Invalid value for 'dimensions': expected a positive integer.", "dimensions");
    }

    private static OpenAiRequestException Invalid(string message, string? param) => new(OpenAiError.BadRequest(message, param));
}
