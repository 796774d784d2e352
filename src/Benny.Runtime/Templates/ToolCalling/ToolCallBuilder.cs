using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>
/// Turns the text of one call block into <see cref="FunctionCallContent"/>s. Arguments become a dictionary of
/// <see cref="JsonElement"/> values (JSON <c>null</c> becomes <see langword="null"/>), as Microsoft.Extensions.AI's own
/// clients produce them; arguments that cannot be read set <see cref="FunctionCallContent.Exception"/> through
/// <see cref="FunctionCallContent.CreateFromParsedArguments{TEncoding}"/> instead of throwing.
/// </summary>
internal sealed partial class ToolCallBuilder
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private readonly ToolCallFormatInfo info;
    private readonly Func<string> newCallId;

    public ToolCallBuilder(ToolCallFormatInfo info, Func<string>? newCallId)
    {
        this.info = info;
        this.newCallId = newCallId ?? NewCallId;
    }

    /// <summary>Gets the calls built so far and not yet taken.</summary>
    public List<FunctionCallContent> Calls { get; } = [];

    /// <summary>Makes a call id: <c>call_</c> and 24 random alphanumeric characters.</summary>
    /// <returns>The id.</returns>
    public static string NewCallId() => "call_" + RandomNumberGenerator.GetString(IdAlphabet, 24);

    /// <summary>Adds the calls of a JSON object (one call) or list (several calls).</summary>
    /// <param name="json">The JSON text.</param>
    public void AddJsonCalls(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            AddMalformed(json, exception);
            return;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement element in root.EnumerateArray())
                {
                    AddJsonCall(element);
                }
            }
            else
            {
                AddJsonCall(root);
            }
        }
    }

    /// <summary>Adds a call whose name and JSON arguments text are known (DeepSeek-R1).</summary>
    /// <param name="name">The function name.</param>
    /// <param name="argumentsJson">The JSON text of the arguments object.</param>
    public void AddCall(string name, string argumentsJson) =>
        Calls.Add(FunctionCallContent.CreateFromParsedArguments(argumentsJson, newCallId(), name, ParseArgumentsObject));

    /// <summary>Adds a call from arguments already read; a reading error goes into <see cref="FunctionCallContent.Exception"/>.</summary>
    /// <param name="name">The function name.</param>
    /// <param name="read">Reads the arguments; may throw.</param>
    public void AddCall(string name, Func<IDictionary<string, object?>> read) =>
        Calls.Add(FunctionCallContent.CreateFromParsedArguments(read, newCallId(), name, static r => r()));

    /// <summary>Adds a call for a block that could not be read: its name if one can be seen, and the error.</summary>
    /// <param name="raw">The block's text.</param>
    /// <param name="error">What is wrong with it.</param>
    public void AddMalformed(string raw, Exception error)
    {
        Match name = NameField().Match(raw);
        string functionName = name.Success ? name.Groups[1].Value : string.Empty;
        Calls.Add(FunctionCallContent.CreateFromParsedArguments<string>(raw, newCallId(), functionName, _ => throw error));
    }

    /// <summary>Reads a JSON object into an arguments dictionary.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The arguments.</returns>
    /// <exception cref="JsonException">The text is not JSON, or not an object.</exception>
    public static IDictionary<string, object?> ParseArgumentsObject(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return ToDictionary(document.RootElement);
    }

    private static Dictionary<string, object?> ToDictionary(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Tool-call arguments must be a JSON object, not {element.ValueKind}.");
        }

        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            arguments[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.Clone();
        }

        return arguments;
    }

    private void AddJsonCall(JsonElement call)
    {
        if (call.ValueKind != JsonValueKind.Object
            || !call.TryGetProperty("name", out JsonElement name)
            || name.ValueKind != JsonValueKind.String)
        {
            AddMalformed(call.GetRawText(), new JsonException("A tool call must be a JSON object with a string \"name\"."));
            return;
        }

        string callId = info.CallIdsFromModel
            && call.TryGetProperty("id", out JsonElement id)
            && id.ValueKind == JsonValueKind.String
            && id.GetString() is { Length: > 0 } modelId
                ? modelId
                : newCallId();

        JsonElement arguments = default;
        bool found = (info.ArgumentsKey is { } key && call.TryGetProperty(key, out arguments))
            || call.TryGetProperty("arguments", out arguments)
            || call.TryGetProperty("parameters", out arguments);

        // Arguments may be an object, or (OpenAI style, which Qwen2.5's and Mistral's templates write back with
        // tojson) a JSON string holding the object's text.
        string argumentsJson = !found || arguments.ValueKind == JsonValueKind.Null ? "{}"
            : arguments.ValueKind == JsonValueKind.String ? arguments.GetString()!
            : arguments.GetRawText();
        Calls.Add(FunctionCallContent.CreateFromParsedArguments(argumentsJson, callId, name.GetString()!, ParseArgumentsObject));
    }

    [GeneratedRegex("\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex NameField();
}
