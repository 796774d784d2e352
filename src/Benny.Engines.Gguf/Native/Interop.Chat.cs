using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>llama.h: chat templates.</summary>
internal static unsafe partial class Interop
{
    /// <summary>Renders <paramref name="messages"/> with the chat template <paramref name="template"/> (two-call pattern).</summary>
    /// <param name="template">The Jinja template text from the model (llama.cpp recognises the common families) or a built-in template name.</param>
    /// <param name="messages">(role, content) pairs.</param>
    /// <param name="addAssistantPrefix">End with the prefix that starts an assistant turn.</param>
    /// <returns>The prompt text.</returns>
    /// <exception cref="NotSupportedException">llama.cpp does not recognise the template.</exception>
    public static string ChatApplyTemplate(string template, IReadOnlyList<(string Role, string Content)> messages, bool addAssistantPrefix)
    {
        var strings = new List<nint>(messages.Count * 2 + 1);
        try
        {
            nint templatePointer = Marshal.StringToCoTaskMemUTF8(template);
            strings.Add(templatePointer);
            var chat = new LlamaChatMessage[messages.Count];
            for (int i = 0; i < messages.Count; i++)
            {
                nint role = Marshal.StringToCoTaskMemUTF8(messages[i].Role);
                strings.Add(role);
                nint content = Marshal.StringToCoTaskMemUTF8(messages[i].Content);
                strings.Add(content);
                chat[i] = new LlamaChatMessage { Role = (byte*)role, Content = (byte*)content };
            }

            int capacity = 256 + messages.Sum(m => (m.Content.Length + m.Role.Length) * 2);
            fixed (LlamaChatMessage* chatPointer = chat)
            {
                while (true)
                {
                    byte[] buffer = new byte[capacity];
                    int length;
                    fixed (byte* bufferPointer = buffer)
                    {
                        length = llama_chat_apply_template((byte*)templatePointer, chatPointer, (nuint)chat.Length, addAssistantPrefix ? (byte)1 : (byte)0, bufferPointer, capacity);
                    }

                    if (length < 0)
                    {
                        throw new NotSupportedException(
                            "llama.cpp does not recognise this model's chat template (llama_chat_apply_template returned " + length + "). "
                            + "Give the model a Jinja chat template that Benny's renderer parses: GgufEngineOptions.ChatTemplate (the text) or ChatTemplatePath (a file), "
                            + "or Settings:ChatTemplate / Settings:ChatTemplatePath on its registry entry.");
                    }

                    if (length <= capacity)
                    {
                        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
                    }

                    capacity = length;
                }
            }
        }
        finally
        {
            foreach (nint pointer in strings)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial int llama_chat_apply_template(byte* template, LlamaChatMessage* chat, nuint messageCount, byte addAssistant, byte* buffer, int length);
}
