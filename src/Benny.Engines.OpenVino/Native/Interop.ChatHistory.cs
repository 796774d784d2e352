using System.Runtime.InteropServices;
using System.Text.Json;

namespace Benny.Engines.OpenVino.Native;

/// <summary>Bindings to <c>openvino/genai/c/chat_history.h</c> (its calls return <c>ov_genai_chat_history_status_e</c>).</summary>
internal static unsafe partial class Interop
{
    /// <summary>The name of an <c>ov_genai_chat_history_status_e</c> value.</summary>
    /// <param name="status">The value.</param>
    /// <returns>The enumerator's name.</returns>
    internal static string ChatHistoryStatusName(int status) => status switch
    {
        0 => "OV_GENAI_CHAT_HISTORY_OK",
        -1 => "OV_GENAI_CHAT_HISTORY_INVALID_PARAM",
        -2 => "OV_GENAI_CHAT_HISTORY_OUT_OF_BOUNDS",
        -3 => "OV_GENAI_CHAT_HISTORY_EMPTY",
        -4 => "OV_GENAI_CHAT_HISTORY_INVALID_JSON",
        -5 => "OV_GENAI_CHAT_HISTORY_ERROR",
        _ => "UNKNOWN_STATUS",
    };

    /// <summary>Creates an empty chat history (<c>ov_genai_chat_history_create</c>).</summary>
    /// <returns>The history.</returns>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static SafeChatHistoryHandle CreateChatHistory()
    {
        int status = ov_genai_chat_history_create(out SafeChatHistoryHandle history);
        if (status != 0)
        {
            history.Dispose();
            throw Failure("ov_genai_chat_history_create", status, ChatHistoryStatusName(status), "");
        }

        return history;
    }

    /// <summary>Frees a chat history (<c>ov_genai_chat_history_free</c>).</summary>
    /// <param name="history">The history.</param>
    internal static void FreeChatHistory(nint history) => ov_genai_chat_history_free(history);

    /// <summary>Appends a JSON message object (copied by the runtime) (<c>ov_genai_chat_history_push_back</c>).</summary>
    /// <param name="history">The history.</param>
    /// <param name="message">The message.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void ChatHistoryPushBack(SafeChatHistoryHandle history, SafeJsonContainerHandle message)
    {
        int status = ov_genai_chat_history_push_back(history, message);
        if (status != 0)
        {
            throw Failure("ov_genai_chat_history_push_back", status, ChatHistoryStatusName(status), "");
        }
    }

    /// <summary>Appends <c>{"role": role, "content": content}</c>, the JSON written by System.Text.Json (so any text is escaped).</summary>
    /// <param name="history">The history.</param>
    /// <param name="role">The role.</param>
    /// <param name="content">The content.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void ChatHistoryPushMessage(SafeChatHistoryHandle history, string role, string content)
    {
        using SafeJsonContainerHandle message = CreateJsonContainerFromJsonString(MessageJson(role, content));
        ChatHistoryPushBack(history, message);
    }

    /// <summary>The JSON object of one message.</summary>
    /// <param name="role">The role.</param>
    /// <param name="content">The content.</param>
    /// <returns><c>{"role":...,"content":...}</c>.</returns>
    internal static string MessageJson(string role, string content)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("role", role);
            writer.WriteString("content", content);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_chat_history_create(out SafeChatHistoryHandle history);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial void ov_genai_chat_history_free(nint history);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_chat_history_push_back(SafeChatHistoryHandle history, SafeJsonContainerHandle message);
}
