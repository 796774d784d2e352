using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Benny.Evaluation.Tests.Support;

/// <summary>Builds golden cases and sets for the tests.</summary>
internal static class GoldenCases
{
    public static GoldenCase Case(string id = "c1", string? expected = null) => new()
    {
        Id = id,
        Messages = [new ChatMessage(ChatRole.User, "question " + id)],
        Expected = expected,
    };

    public static GoldenSet Set(params string[] lines) => GoldenSet.Parse(new StringReader(string.Join("\n", lines)), "test.jsonl");

    public static JsonElement JsonValue(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static ChatResponse Answer(string text) => new(new ChatMessage(ChatRole.Assistant, text));
}
