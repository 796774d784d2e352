using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Templates;

/// <summary>
/// Builds the variables a Hugging Face chat template expects (<c>messages</c>, <c>tools</c>,
/// <c>add_generation_prompt</c>, <c>bos_token</c>, <c>eos_token</c>) from Microsoft.Extensions.AI messages and options,
/// in the OpenAI chat format the templates were written for.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="ChatOptions.Instructions"/> joins the leading system message (after its text), or becomes one.</item>
/// <item>A message's <see cref="TextContent"/>s are its <c>content</c> (<see langword="null"/> when it has none, as OpenAI
/// sends for an assistant turn that only calls tools); <see cref="TextReasoningContent"/> is its <c>reasoning_content</c>.</item>
/// <item><see cref="FunctionCallContent"/>s are the assistant's <c>tool_calls</c>
/// (<c>{"id", "type": "function", "function": {"name", "arguments": {...}}}</c>, arguments as an object, as templates expect).</item>
/// <item>Each <see cref="FunctionResultContent"/> is a message of its own: <c>{"role": "tool", "tool_call_id", "name", "content"}</c>,
/// the result as text (a string as is, anything else as JSON).</item>
/// <item>Content a chat template cannot carry (images, audio, files, hosted content) throws <see cref="NotSupportedException"/>
/// naming the content type and the message: it is never dropped silently.</item>
/// </list>
/// </remarks>
public static class ChatTemplateVariables
{
    // Tool results go into the prompt: compact JSON, without the indentation of AIJsonUtilities.DefaultOptions.
    private static readonly JsonSerializerOptions CompactJson = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    /// <summary>Creates the variables for one render.</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The request options: <see cref="ChatOptions.Instructions"/> and <see cref="ChatOptions.Tools"/> are used.</param>
    /// <param name="addGenerationPrompt">Whether the rendered prompt ends with the assistant's turn header.</param>
    /// <param name="bosToken">The model's beginning-of-sequence token text, or <see langword="null"/>.</param>
    /// <param name="eosToken">The model's end-of-sequence token text, or <see langword="null"/>.</param>
    /// <returns>The variables, keyed by the names templates use.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="NotSupportedException">A message holds content a chat template cannot carry, or a tool is not a function declaration.</exception>
    public static Dictionary<string, object?> Create(IEnumerable<ChatMessage> messages, ChatOptions? options, bool addGenerationPrompt, string? bosToken, string? eosToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["messages"] = Messages([.. messages], options?.Instructions),
            ["add_generation_prompt"] = addGenerationPrompt,
            ["bos_token"] = bosToken ?? "",
            ["eos_token"] = eosToken ?? "",
        };

        if (options?.Tools is { Count: > 0 } tools)
        {
            variables["tools"] = tools.Select(Tool).ToList();
        }

        return variables;
    }

    private static List<object?> Messages(IReadOnlyList<ChatMessage> messages, string? instructions)
    {
        var result = new List<object?>(messages.Count + 1);
        var callNames = new Dictionary<string, string>(StringComparer.Ordinal);
        bool instructionsPending = !string.IsNullOrWhiteSpace(instructions);
        if (instructionsPending && (messages.Count == 0 || messages[0].Role != ChatRole.System))
        {
            result.Add(new Dictionary<string, object?>(StringComparer.Ordinal) { ["role"] = "system", ["content"] = instructions });
            instructionsPending = false;
        }

        for (int index = 0; index < messages.Count; index++)
        {
            ChatMessage message = messages[index];
            var texts = new List<string>();
            var reasoning = new List<string>();
            var calls = new List<object?>();
            var results = new List<Dictionary<string, object?>>();
            foreach (AIContent item in message.Contents)
            {
                switch (item)
                {
                    case TextContent text:
                        texts.Add(text.Text);
                        break;
                    case TextReasoningContent thought:
                        reasoning.Add(thought.Text);
                        break;
                    case FunctionCallContent call:
                        callNames[call.CallId] = call.Name;
                        calls.Add(ToolCall(call));
                        break;
                    case FunctionResultContent output:
                        results.Add(ToolResult(output, callNames));
                        break;
                    case UsageContent:
                        break; // accounting, not conversation
                    default:
                        throw Unsupported(item, message, index);
                }
            }

            if (results.Count > 0 && (texts.Count > 0 || calls.Count > 0))
            {
                throw new NotSupportedException(
                    $"Message {index} ({message.Role}) mixes function results with other content; chat templates take function results as tool messages of their own. Put each FunctionResultContent in a message with role Tool.");
            }

            if (results.Count > 0)
            {
                result.AddRange(results);
                continue;
            }

            string? content = texts.Count == 0 ? null : string.Concat(texts);
            if (instructionsPending && index == 0)
            {
                content = string.IsNullOrEmpty(content) ? instructions : content + "\n\n" + instructions;
                instructionsPending = false;
            }

            var entry = new Dictionary<string, object?>(StringComparer.Ordinal) { ["role"] = message.Role.Value, ["content"] = content };
            if (reasoning.Count > 0)
            {
                entry["reasoning_content"] = string.Concat(reasoning);
            }

            if (calls.Count > 0)
            {
                entry["tool_calls"] = calls;
            }

            result.Add(entry);
        }

        return result;
    }

    private static Dictionary<string, object?> ToolCall(FunctionCallContent call) => new(StringComparer.Ordinal)
    {
        ["id"] = call.CallId,
        ["type"] = "function",
        ["function"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = call.Name,
            ["arguments"] = call.Arguments is null
                ? new Dictionary<string, object?>(StringComparer.Ordinal)
                : call.Arguments.ToDictionary(p => p.Key, p => ToTemplateValue(p.Value), StringComparer.Ordinal),
        },
    };

    private static Dictionary<string, object?> ToolResult(FunctionResultContent output, Dictionary<string, string> callNames)
    {
        var entry = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["role"] = "tool",
            ["tool_call_id"] = output.CallId,
            ["content"] = output.Result switch
            {
                null => "",
                string text => text,
                JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
                var other => JsonSerializer.Serialize(other, CompactJson),
            },
        };
        if (callNames.TryGetValue(output.CallId, out string? name))
        {
            entry["name"] = name;
        }

        return entry;
    }

    private static Dictionary<string, object?> Tool(AITool tool)
    {
        if (tool is not AIFunctionDeclaration function)
        {
            throw new NotSupportedException(
                $"Tool '{tool.Name}' is a {tool.GetType().Name}; chat templates take function declarations (AIFunctionDeclaration, such as AIFunctionFactory.Create(...)) only.");
        }

        var declaration = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = function.Name };
        if (!string.IsNullOrEmpty(function.Description))
        {
            declaration["description"] = function.Description;
        }

        declaration["parameters"] = function.JsonSchema;
        return new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = "function", ["function"] = declaration };
    }

    // Arguments arrive as whatever the caller or a parser put there: JSON elements, CLR values. Templates need plain values.
    private static object? ToTemplateValue(object? value) => value switch
    {
        null or string or bool or int or long or double or float or decimal => value,
        JsonElement or System.Text.Json.Nodes.JsonNode => value,
        _ => JsonSerializer.SerializeToElement(value, value.GetType(), CompactJson),
    };

    private static NotSupportedException Unsupported(AIContent content, ChatMessage message, int index)
    {
        string kind = content switch
        {
            DataContent data => $"{data.MediaType} data ({nameof(DataContent)})",
            UriContent uri => $"{uri.MediaType} at a URI ({nameof(UriContent)})",
            _ => content.GetType().Name,
        };
        return new NotSupportedException(
            $"Message {index} ({message.Role}) holds {kind}, which a text chat template cannot carry: this model takes text, function calls and function results only. Remove the content, or send it to a model that accepts it.");
    }
}
