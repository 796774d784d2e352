using Microsoft.Extensions.AI;

namespace Benny.Runtime.Validation;

/// <summary>
/// Checks every engine makes on a request before any native call, so that bad input is a clear
/// <see cref="ArgumentException"/> naming what to fix rather than a crash deep inside or text generated from nothing.
/// </summary>
public static class ChatRequestValidation
{
    /// <summary>
    /// Throws when there is nothing to answer: no message, or only messages without content (no text other than white
    /// space, and no other content such as a tool call, a tool result or an image).
    /// </summary>
    /// <param name="messages">The request's messages, as the engine will render them.</param>
    /// <param name="parameterName">The parameter to name in the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> or one of its messages is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No message has content.</exception>
    public static void ThrowIfNothingToAnswer(IReadOnlyList<ChatMessage> messages, string parameterName = "messages")
    {
        ArgumentNullException.ThrowIfNull(messages, parameterName);
        bool anyContent = false;
        for (int i = 0; i < messages.Count; i++)
        {
            ChatMessage message = messages[i] ?? throw new ArgumentNullException(parameterName, $"{parameterName}[{i}] is null.");
            anyContent |= HasContent(message);
        }

        if (messages.Count == 0)
        {
            throw new ArgumentException("The request has no messages: send at least one message with text to answer.", parameterName);
        }

        if (!anyContent)
        {
            throw new ArgumentException(
                $"All {messages.Count} message(s) of the request are empty (no text, no other content): send at least one message with text to answer.", parameterName);
        }
    }

    /// <summary>Throws when <see cref="ChatOptions.StopSequences"/> holds a <see langword="null"/> entry (empty ones are ignored by the engines).</summary>
    /// <param name="options">The request's options, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A stop sequence is <see langword="null"/>; the message gives its index.</exception>
    public static void ThrowIfNullStopSequence(ChatOptions? options)
    {
        if (options?.StopSequences is not { } stops)
        {
            return;
        }

        for (int i = 0; i < stops.Count; i++)
        {
            if (stops[i] is null)
            {
                throw new ArgumentException($"ChatOptions.StopSequences[{i}] is null: give the text to stop at, or leave the entry out.", nameof(options));
            }
        }
    }

    private static bool HasContent(ChatMessage message)
    {
        foreach (AIContent content in message.Contents)
        {
            bool empty = content switch
            {
                TextContent text => string.IsNullOrWhiteSpace(text.Text),
                TextReasoningContent reasoning => string.IsNullOrWhiteSpace(reasoning.Text),
                _ => false,
            };
            if (!empty)
            {
                return true;
            }
        }

        return false;
    }
}
