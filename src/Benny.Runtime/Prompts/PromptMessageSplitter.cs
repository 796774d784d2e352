using Microsoft.Extensions.AI;

namespace Benny.Runtime.Prompts;

/// <summary>
/// Splits rendered prompt text into chat messages: a line starting <c>System:</c>, <c>User:</c> or
/// <c>Assistant:</c> (any case, after optional indentation) begins a message of that role; text before
/// the first role line is a user message; each message is trimmed and empty ones are dropped.
/// </summary>
internal static class PromptMessageSplitter
{
    private static readonly (string Prefix, ChatRole Role)[] RolePrefixes =
    [
        ("system:", ChatRole.System),
        ("user:", ChatRole.User),
        ("assistant:", ChatRole.Assistant),
    ];

    /// <summary>Splits <paramref name="rendered"/> into messages.</summary>
    public static List<ChatMessage> Split(string rendered)
    {
        var messages = new List<ChatMessage>();
        ChatRole role = ChatRole.User;
        var current = new System.Text.StringBuilder();

        foreach (string rawLine in rendered.Split('\n'))
        {
            string line = rawLine.EndsWith('\r') ? rawLine[..^1] : rawLine;
            string trimmed = line.TrimStart();
            bool matched = false;
            foreach ((string prefix, ChatRole prefixRole) in RolePrefixes)
            {
                if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    Flush(messages, role, current);
                    role = prefixRole;
                    current.Append(trimmed.AsSpan(prefix.Length)).Append('\n');
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                current.Append(line).Append('\n');
            }
        }

        Flush(messages, role, current);
        return messages;
    }

    private static void Flush(List<ChatMessage> messages, ChatRole role, System.Text.StringBuilder current)
    {
        string text = current.ToString().Trim();
        current.Clear();
        if (text.Length > 0)
        {
            messages.Add(new ChatMessage(role, text));
        }
    }
}
