using Benny.Engines.Gguf.Native;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// Turns chat messages into the prompt text: through the model's chat template (llama.cpp's
/// <c>llama_chat_apply_template</c>, ending with the assistant prefix), or, for a model without a template
/// (a base model), the plain concatenation of the message texts, one per line.
/// </summary>
internal static class PromptFormatter
{
    /// <summary>Formats <paramref name="messages"/>.</summary>
    /// <param name="template">The chat template, or <see langword="null"/> for plain concatenation.</param>
    /// <param name="messages">The messages; text content only (other content kinds are not supported).</param>
    /// <returns>The prompt, and whether it came from a template (then special-token text in it is parsed).</returns>
    public static (string Prompt, bool Templated) Format(string? template, IReadOnlyList<ChatMessage> messages)
    {
        if (template is null)
        {
            return (string.Join("\n", messages.Select(m => m.Text)), false);
        }

        var pairs = messages.Select(m => (m.Role.Value, m.Text)).ToArray();
        return (Interop.ChatApplyTemplate(template, pairs, addAssistantPrefix: true), true);
    }
}
