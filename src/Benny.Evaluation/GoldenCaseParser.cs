using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Benny.Evaluation;

/// <summary>Reads one JSONL line of a golden set into a <see cref="GoldenCase"/>, naming the set, line and field in every error.</summary>
internal static class GoldenCaseParser
{
    /// <summary>The fields of a case, as written in the file.</summary>
    internal static readonly string[] KnownFields =
        ["id", "messages", "prompt", "variables", "expected", "expected_fields", "schema", "expected_tier", "tools", "expected_tool_call", "max_tokens", "tags"];

    private static readonly JsonDocumentOptions s_documentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static GoldenCase Parse(string line, string setName, int lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, s_documentOptions);
        }
        catch (JsonException e)
        {
            throw new GoldenSetFormatException(setName, lineNumber, $"not valid JSON ({e.Message}). Each line holds one case as a JSON object.", e);
        }

        using (document)
        {
            var reader = new LineReader(setName, lineNumber);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw reader.Error($"a case must be a JSON object, not {Describe(root)}.");
            }

            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (!KnownFields.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw reader.Error($"unknown field '{property.Name}'. Known fields: {string.Join(", ", KnownFields)}.");
                }
            }

            string id = reader.RequiredString(root, "id");
            List<ChatMessage> messages = reader.Messages(root);
            string? prompt = reader.OptionalString(root, "prompt");
            if (messages.Count == 0 && prompt is null)
            {
                throw reader.Error("the case needs 'messages' (a non-empty array) or 'prompt' (a prompt id, with 'variables').");
            }

            Dictionary<string, object?> variables = reader.Variables(root);
            if (variables.Count > 0 && prompt is null)
            {
                throw reader.Error("'variables' is given without 'prompt'; the variables fill the named prompt template.");
            }

            return new GoldenCase
            {
                Id = id,
                LineNumber = lineNumber,
                Messages = messages,
                PromptId = prompt,
                Variables = variables,
                Expected = reader.OptionalString(root, "expected"),
                ExpectedFields = reader.OptionalObject(root, "expected_fields"),
                Schema = reader.OptionalObject(root, "schema"),
                ExpectedTier = reader.OptionalString(root, "expected_tier"),
                Tools = reader.Tools(root),
                ExpectedToolCall = reader.ToolCall(root),
                MaxTokens = reader.MaxTokens(root),
                Tags = reader.Tags(root),
            };
        }
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>Converts a variable value to what prompt templates render: CLR scalars, arrays and objects as cloned JSON.</summary>
    private static object? ToVariable(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out long whole) ? whole : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.Clone(),
    };

    private readonly struct LineReader(string setName, int lineNumber)
    {
        public GoldenSetFormatException Error(string message) => new(setName, lineNumber, message);

        public string RequiredString(JsonElement root, string field)
            => OptionalString(root, field) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value)
                ? value
                : throw Error($"'{field}' is required and must be a non-empty string.");

        public string? OptionalString(JsonElement root, string field)
        {
            if (!root.TryGetProperty(field, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw Error($"'{field}' must be a string, not {Describe(value)}.");
        }

        public JsonElement? OptionalObject(JsonElement root, string field)
        {
            if (!root.TryGetProperty(field, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Object
                ? value.Clone()
                : throw Error($"'{field}' must be a JSON object, not {Describe(value)}.");
        }

        public List<ChatMessage> Messages(JsonElement root)
        {
            if (!root.TryGetProperty("messages", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
            {
                throw Error($"'messages' must be a non-empty array of {{\"role\": ..., \"content\": ...}} objects, not {Describe(value)}.");
            }

            var messages = new List<ChatMessage>();
            int index = 0;
            foreach (JsonElement message in value.EnumerateArray())
            {
                string field = $"messages[{index}]";
                if (message.ValueKind != JsonValueKind.Object)
                {
                    throw Error($"'{field}' must be an object with 'role' and 'content', not {Describe(message)}.");
                }

                string role = OptionalString(message, "role") is { } r && r.Trim().ToLowerInvariant() is "system" or "user" or "assistant" or "tool"
                    ? r.Trim().ToLowerInvariant()
                    : throw Error($"'{field}.role' must be one of system, user, assistant, tool.");
                string content = message.TryGetProperty("content", out JsonElement c) && c.ValueKind == JsonValueKind.String
                    ? c.GetString()!
                    : throw Error($"'{field}.content' is required and must be a string.");
                messages.Add(new ChatMessage(new ChatRole(role), content));
                index++;
            }

            return messages;
        }

        public Dictionary<string, object?> Variables(JsonElement root)
        {
            var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (OptionalObject(root, "variables") is { } value)
            {
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    variables[property.Name] = ToVariable(property.Value);
                }
            }

            return variables;
        }

        public List<GoldenTool> Tools(JsonElement root)
        {
            if (!root.TryGetProperty("tools", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                throw Error($"'tools' must be an array of {{\"name\", \"description\", \"parameters\"}} objects, not {Describe(value)}.");
            }

            var tools = new List<GoldenTool>();
            int index = 0;
            foreach (JsonElement tool in value.EnumerateArray())
            {
                string field = $"tools[{index}]";
                if (tool.ValueKind != JsonValueKind.Object)
                {
                    throw Error($"'{field}' must be an object with 'name', 'description' and 'parameters', not {Describe(tool)}.");
                }

                string name = OptionalString(tool, "name") is { Length: > 0 } n
                    ? n
                    : throw Error($"'{field}.name' is required and must be a non-empty string.");
                string description = tool.TryGetProperty("description", out JsonElement d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
                JsonElement parameters;
                if (!tool.TryGetProperty("parameters", out JsonElement p) || p.ValueKind == JsonValueKind.Null)
                {
                    using JsonDocument empty = JsonDocument.Parse("""{"type":"object","properties":{}}""");
                    parameters = empty.RootElement.Clone();
                }
                else
                {
                    parameters = p.ValueKind == JsonValueKind.Object
                        ? p.Clone()
                        : throw Error($"'{field}.parameters' must be a JSON schema object, not {Describe(p)}.");
                }

                tools.Add(new GoldenTool(name, description, parameters));
                index++;
            }

            return tools;
        }

        public GoldenToolCall? ToolCall(JsonElement root)
        {
            if (OptionalObject(root, "expected_tool_call") is not { } value)
            {
                return null;
            }

            string name = OptionalString(value, "name") is { Length: > 0 } n
                ? n
                : throw Error("'expected_tool_call.name' is required and must be a non-empty string.");
            JsonElement? arguments = null;
            if (value.TryGetProperty("arguments", out JsonElement a) && a.ValueKind != JsonValueKind.Null)
            {
                arguments = a.ValueKind == JsonValueKind.Object
                    ? a.Clone()
                    : throw Error($"'expected_tool_call.arguments' must be a JSON object, not {Describe(a)}.");
            }

            return new GoldenToolCall(name, arguments);
        }

        public int? MaxTokens(JsonElement root)
        {
            if (!root.TryGetProperty("max_tokens", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int tokens) && tokens > 0
                ? tokens
                : throw Error($"'max_tokens' must be a positive whole number, not {value.GetRawText()}.");
        }

        public IReadOnlyList<string> Tags(JsonElement root)
        {
            if (!root.TryGetProperty("tags", out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
            {
                throw Error($"'tags' must be an array of strings, not {value.GetRawText()}.");
            }

            return [.. value.EnumerateArray().Select(t => t.GetString()!)];
        }
    }
}
