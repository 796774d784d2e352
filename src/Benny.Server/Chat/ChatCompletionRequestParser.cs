using System.Globalization;
using System.Text.Json;
using Benny.Server.Errors;
using Microsoft.Extensions.AI;

namespace Benny.Server.Chat;

/// <summary>
/// Maps an OpenAI chat-completions request body onto M.E.AI messages and <see cref="ChatOptions"/>. Unknown fields are
/// ignored (clients send many); a known field of the wrong type or value is an <see cref="OpenAiRequestException"/> naming it.
/// </summary>
internal static class ChatCompletionRequestParser
{
    // Clone what outlives the document (schemas).
    public static ChatCompletionRequest Parse(ReadOnlyMemory<byte> body) => RequestJson.ParseObject(body, root => Parse(root.Clone()));

    private static ChatCompletionRequest Parse(JsonElement root)
    {
        string model = GetString(root, "model") is { Length: > 0 } m ? m : throw Invalid("'model' is required: a model name from GET /v1/models.", "model");
        if (!root.TryGetProperty("messages", out JsonElement messagesElement) || messagesElement.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(messagesElement.ValueKind == JsonValueKind.Undefined ? "'messages' is required." : "Invalid type for 'messages': expected an array.", "messages");
        }

        List<ChatMessage> messages = ParseMessages(messagesElement);
        if (messages.Count == 0)
        {
            throw Invalid("'messages' must hold at least one message.", "messages");
        }

        var options = new ChatOptions
        {
            ModelId = model,
            Temperature = GetFloat(root, "temperature", 0, 2),
            TopP = GetFloat(root, "top_p", 0, 1),
            FrequencyPenalty = GetFloat(root, "frequency_penalty", -2, 2),
            PresencePenalty = GetFloat(root, "presence_penalty", -2, 2),
            MaxOutputTokens = GetInt(root, "max_completion_tokens", 1) ?? GetInt(root, "max_tokens", 1),
            Seed = GetLong(root, "seed"),
            StopSequences = GetStop(root),
            AllowMultipleToolCalls = GetBool(root, "parallel_tool_calls"),
            ResponseFormat = GetResponseFormat(root),
        };

        if (GetInt(root, "n", 1) is > 1)
        {
            throw Invalid("Only n = 1 is supported.", "n");
        }

        List<AITool>? tools = GetTools(root);
        if (tools is not null)
        {
            options.Tools = tools;
        }

        options.ToolMode = GetToolMode(root);

        bool stream = GetBool(root, "stream") ?? false;
        bool includeUsage = false;
        if (Property(root, "stream_options", JsonValueKind.Object, "an object") is { } streamOptions)
        {
            includeUsage = GetBool(streamOptions, "include_usage", "stream_options.include_usage") ?? false;
        }

        return new ChatCompletionRequest(model, messages, options, stream, includeUsage);
    }

    private static List<ChatMessage> ParseMessages(JsonElement array)
    {
        var messages = new List<ChatMessage>();
        int index = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            string path = $"messages[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"Invalid type for '{path}': expected an object.", path);
            }

            string role = GetString(item, "role", $"{path}.role") ?? throw Invalid($"'{path}.role' is required.", $"{path}.role");
            string? text = GetContent(item, $"{path}.content");
            switch (role)
            {
                case "system":
                case "developer":
                    messages.Add(new ChatMessage(ChatRole.System, text));
                    break;
                case "user":
                    messages.Add(new ChatMessage(ChatRole.User, text));
                    break;
                case "assistant":
                    var assistant = new ChatMessage(ChatRole.Assistant, []);
                    if (!string.IsNullOrEmpty(text))
                    {
                        assistant.Contents.Add(new TextContent(text));
                    }

                    if (Property(item, "tool_calls", JsonValueKind.Array, "an array", $"{path}.tool_calls") is { } calls)
                    {
                        int callIndex = 0;
                        foreach (JsonElement call in calls.EnumerateArray())
                        {
                            assistant.Contents.Add(ParseToolCall(call, $"{path}.tool_calls[{callIndex++}]"));
                        }
                    }

                    messages.Add(assistant);
                    break;
                case "tool":
                    string callId = GetString(item, "tool_call_id", $"{path}.tool_call_id") ?? throw Invalid($"'{path}.tool_call_id' is required for a tool message.", $"{path}.tool_call_id");
                    messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, text ?? "")]));
                    break;
                default:
                    throw Invalid($"Invalid value for '{path}.role': '{role}'. Supported: system, developer, user, assistant, tool.", $"{path}.role");
            }
        }

        return messages;
    }

    private static FunctionCallContent ParseToolCall(JsonElement call, string path)
    {
        if (call.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"Invalid type for '{path}': expected an object.", path);
        }

        string id = GetString(call, "id", $"{path}.id") ?? throw Invalid($"'{path}.id' is required.", $"{path}.id");
        JsonElement function = Property(call, "function", JsonValueKind.Object, "an object", $"{path}.function") ?? throw Invalid($"'{path}.function' is required.", $"{path}.function");
        string name = GetString(function, "name", $"{path}.function.name") ?? throw Invalid($"'{path}.function.name' is required.", $"{path}.function.name");
        string arguments = GetString(function, "arguments", $"{path}.function.arguments") ?? "{}";
        Dictionary<string, object?>? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(arguments, ServerJsonContext.Default.DictionaryStringObject);
        }
        catch (JsonException ex)
        {
            throw Invalid($"'{path}.function.arguments' is not a JSON object: {ex.Message}", $"{path}.function.arguments");
        }

        return new FunctionCallContent(id, name, parsed);
    }

    private static string? GetContent(JsonElement message, string path)
    {
        if (!message.TryGetProperty("content", out JsonElement content) || content.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw Invalid($"Invalid type for '{path}': expected a string or an array of content parts.", path);
        }

        var text = new System.Text.StringBuilder();
        int index = 0;
        foreach (JsonElement part in content.EnumerateArray())
        {
            string partPath = $"{path}[{index++}]";
            string? type = part.ValueKind == JsonValueKind.Object ? GetString(part, "type", $"{partPath}.type") : null;
            if (type != "text")
            {
                throw Invalid($"Unsupported content part at '{partPath}': only parts of type 'text' are supported.", $"{partPath}.type");
            }

            text.Append(GetString(part, "text", $"{partPath}.text"));
        }

        return text.ToString();
    }

    private static List<AITool>? GetTools(JsonElement root)
    {
        if (Property(root, "tools", JsonValueKind.Array, "an array") is not { } array)
        {
            return null;
        }

        var tools = new List<AITool>();
        int index = 0;
        foreach (JsonElement tool in array.EnumerateArray())
        {
            string path = $"tools[{index++}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"Invalid type for '{path}': expected an object.", path);
            }

            string type = GetString(tool, "type", $"{path}.type") ?? "function";
            if (type != "function")
            {
                throw Invalid($"Unsupported tool type '{type}' at '{path}.type': only 'function' is supported.", $"{path}.type");
            }

            JsonElement function = Property(tool, "function", JsonValueKind.Object, "an object", $"{path}.function") ?? throw Invalid($"'{path}.function' is required.", $"{path}.function");
            string name = GetString(function, "name", $"{path}.function.name") ?? throw Invalid($"'{path}.function.name' is required.", $"{path}.function.name");
            string? description = GetString(function, "description", $"{path}.function.description");
            JsonElement schema = Property(function, "parameters", JsonValueKind.Object, "an object", $"{path}.function.parameters")
                ?? JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();
            tools.Add(AIFunctionFactory.CreateDeclaration(name, description, schema));
        }

        return tools;
    }

    private static ChatToolMode? GetToolMode(JsonElement root)
    {
        if (!root.TryGetProperty("tool_choice", out JsonElement choice) || choice.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch
            {
                "none" => ChatToolMode.None,
                "auto" => ChatToolMode.Auto,
                "required" => ChatToolMode.RequireAny,
                var other => throw Invalid($"Invalid value for 'tool_choice': '{other}'. Supported: none, auto, required, or {{\"type\": \"function\", \"function\": {{\"name\": ...}}}}.", "tool_choice"),
            };
        }

        if (choice.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("Invalid type for 'tool_choice': expected a string or an object.", "tool_choice");
        }

        JsonElement function = Property(choice, "function", JsonValueKind.Object, "an object", "tool_choice.function") ?? throw Invalid("'tool_choice.function' is required.", "tool_choice.function");
        string name = GetString(function, "name", "tool_choice.function.name") ?? throw Invalid("'tool_choice.function.name' is required.", "tool_choice.function.name");
        return ChatToolMode.RequireSpecific(name);
    }

    private static ChatResponseFormat? GetResponseFormat(JsonElement root)
    {
        if (Property(root, "response_format", JsonValueKind.Object, "an object") is not { } format)
        {
            return null;
        }

        string type = GetString(format, "type", "response_format.type") ?? throw Invalid("'response_format.type' is required.", "response_format.type");
        switch (type)
        {
            case "text":
                return ChatResponseFormat.Text;
            case "json_object":
                return ChatResponseFormat.Json;
            case "json_schema":
                JsonElement jsonSchema = Property(format, "json_schema", JsonValueKind.Object, "an object", "response_format.json_schema")
                    ?? throw Invalid("'response_format.json_schema' is required for type 'json_schema'.", "response_format.json_schema");
                JsonElement schema = Property(jsonSchema, "schema", JsonValueKind.Object, "an object", "response_format.json_schema.schema")
                    ?? throw Invalid("'response_format.json_schema.schema' is required.", "response_format.json_schema.schema");
                return ChatResponseFormat.ForJsonSchema(
                    schema,
                    GetString(jsonSchema, "name", "response_format.json_schema.name"),
                    GetString(jsonSchema, "description", "response_format.json_schema.description"));
            default:
                throw Invalid($"Invalid value for 'response_format.type': '{type}'. Supported: text, json_object, json_schema.", "response_format.type");
        }
    }

    private static List<string>? GetStop(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out JsonElement stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [stop.GetString()!];
        }

        if (stop.ValueKind == JsonValueKind.Array && stop.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            return stop.EnumerateArray().Select(e => e.GetString()!).ToList();
        }

        throw Invalid("Invalid type for 'stop': expected a string or an array of strings.", "stop");
    }

    private static JsonElement? Property(JsonElement parent, string name, JsonValueKind kind, string expected, string? path = null)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == kind ? value : throw Invalid($"Invalid type for '{path ?? name}': expected {expected}.", path ?? name);
    }

    private static string? GetString(JsonElement parent, string name, string? path = null)
        => Property(parent, name, JsonValueKind.String, "a string", path)?.GetString();

    private static bool? GetBool(JsonElement parent, string name, string? path = null)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid($"Invalid type for '{path ?? name}': expected a boolean.", path ?? name),
        };
    }

    private static float? GetFloat(JsonElement parent, string name, double min, double max)
    {
        if (Property(parent, name, JsonValueKind.Number, "a number") is not { } value)
        {
            return null;
        }

        double number = value.GetDouble();
        return number >= min && number <= max
            ? (float)number
            : throw Invalid(string.Create(CultureInfo.InvariantCulture, $"Invalid value for '{name}': {number} is outside [{min}, {max}]."), name);
    }

    private static int? GetInt(JsonElement parent, string name, int min)
    {
        if (Property(parent, name, JsonValueKind.Number, "an integer") is not { } value)
        {
            return null;
        }

        if (!value.TryGetInt32(out int number))
        {
            throw Invalid($"Invalid type for '{name}': expected an integer.", name);
        }

        return number >= min ? number : throw Invalid(string.Create(CultureInfo.InvariantCulture, $"Invalid value for '{name}': {number} is below the minimum of {min}."), name);
    }

    private static long? GetLong(JsonElement parent, string name)
    {
        if (Property(parent, name, JsonValueKind.Number, "an integer") is not { } value)
        {
            return null;
        }

        return value.TryGetInt64(out long number) ? number : throw Invalid($"Invalid type for '{name}': expected an integer.", name);
    }

    private static OpenAiRequestException Invalid(string message, string? param)
        => new(OpenAiError.BadRequest(message, param));
}
