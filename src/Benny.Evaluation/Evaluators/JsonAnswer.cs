using System.Text.Json;

namespace Benny.Evaluation.Evaluators;

/// <summary>Reads a model's answer as JSON: the whole text, trimmed, optionally inside one Markdown code fence.</summary>
internal static class JsonAnswer
{
    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, out JsonElement value, out string? error)
    {
        string body = StripFence(text.Trim());
        if (body.Length == 0)
        {
            value = default;
            error = "The answer is empty, not JSON.";
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            value = document.RootElement.Clone();
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            value = default;
            error = $"The answer is not valid JSON: {e.Message}";
            return false;
        }
    }

    /// <summary>Removes a surrounding <c>```</c> or <c>```json</c> fence, which chat-tuned models add around JSON.</summary>
    private static string StripFence(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal) || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < 6)
        {
            return text;
        }

        int firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        return firstLineEnd < 0 ? text[3..^3].Trim() : text[(firstLineEnd + 1)..^3].Trim();
    }
}
