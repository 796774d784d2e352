using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Benny.Server.Chat;

/// <summary>Writes chat completions and their stream chunks in OpenAI's wire format.</summary>
internal static class ChatCompletionWriter
{
    public static string FinishReason(ChatFinishReason? reason, bool hasToolCalls)
    {
        if (reason == ChatFinishReason.Length)
        {
            return "length";
        }

        if (reason == ChatFinishReason.ContentFilter)
        {
            return "content_filter";
        }

        return reason == ChatFinishReason.ToolCalls || (reason is null && hasToolCalls) ? "tool_calls" : "stop";
    }

    public static byte[] Completion(ChatResponse response, string id, string model, long created)
    {
        List<FunctionCallContent> calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        string text = string.Concat(response.Messages.Where(m => m.Role == ChatRole.Assistant).Select(m => m.Text));
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("object", "chat.completion");
            writer.WriteNumber("created", created);
            writer.WriteString("model", model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            if (text.Length == 0 && calls.Count > 0)
            {
                writer.WriteNull("content");
            }
            else
            {
                writer.WriteString("content", text);
            }

            writer.WriteNull("refusal");
            if (calls.Count > 0)
            {
                writer.WriteStartArray("tool_calls");
                foreach (FunctionCallContent call in calls)
                {
                    WriteToolCall(writer, call, index: null);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", FinishReason(response.FinishReason, calls.Count > 0));
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteUsage(writer, response.Usage);
            writer.WriteEndObject();
        });
    }

    /// <summary>A chunk with one delta: the role, text, tool calls (numbered from <paramref name="firstToolIndex"/>), and/or the finish reason.</summary>
    public static byte[] Chunk(string id, string model, long created, bool role, string? text, IReadOnlyList<FunctionCallContent> calls, int firstToolIndex, string? finishReason)
        => Write(writer =>
        {
            StartChunk(writer, id, model, created);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("delta");
            if (role)
            {
                writer.WriteString("role", "assistant");
            }

            if (text is not null)
            {
                writer.WriteString("content", text);
            }

            if (calls.Count > 0)
            {
                writer.WriteStartArray("tool_calls");
                for (int i = 0; i < calls.Count; i++)
                {
                    WriteToolCall(writer, calls[i], firstToolIndex + i);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            if (finishReason is null)
            {
                writer.WriteNull("finish_reason");
            }
            else
            {
                writer.WriteString("finish_reason", finishReason);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    public static byte[] UsageChunk(string id, string model, long created, UsageDetails? usage)
        => Write(writer =>
        {
            StartChunk(writer, id, model, created);
            writer.WriteStartArray("choices");
            writer.WriteEndArray();
            WriteUsage(writer, usage);
            writer.WriteEndObject();
        });

    public static byte[] Models(IEnumerable<string> names, long created)
        => Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            foreach (string name in names)
            {
                writer.WriteStartObject();
                writer.WriteString("id", name);
                writer.WriteString("object", "model");
                writer.WriteNumber("created", created);
                writer.WriteString("owned_by", "benny");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private static void StartChunk(Utf8JsonWriter writer, string id, string model, long created)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "chat.completion.chunk");
        writer.WriteNumber("created", created);
        writer.WriteString("model", model);
    }

    private static void WriteToolCall(Utf8JsonWriter writer, FunctionCallContent call, int? index)
    {
        writer.WriteStartObject();
        if (index is { } i)
        {
            writer.WriteNumber("index", i);
        }

        writer.WriteString("id", string.IsNullOrEmpty(call.CallId) ? "call_" + Guid.NewGuid().ToString("N") : call.CallId);
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", call.Name);
        writer.WriteString("arguments", call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>))));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter writer, UsageDetails? usage)
    {
        if (usage is null)
        {
            writer.WriteNull("usage");
            return;
        }

        long prompt = usage.InputTokenCount ?? 0;
        long completion = usage.OutputTokenCount ?? 0;
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", prompt);
        writer.WriteNumber("completion_tokens", completion);
        writer.WriteNumber("total_tokens", usage.TotalTokenCount ?? prompt + completion);
        writer.WriteEndObject();
    }
}
