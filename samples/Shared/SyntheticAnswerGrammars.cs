namespace Benny.Samples;

/// <summary>
/// GBNF grammars for the synthetic models' answers. Their weights are random, so unconstrained they emit arbitrary
/// bytes; a grammar leaves them only well-formed choices: the classification answers a small JSON decision, the plan and
/// the agent's answer are sentences of real English words. The choices are still random: the text is well-formed, not
/// meaningful.
/// </summary>
internal static class SyntheticAnswerGrammars
{
    /// <summary>The classification decision: <c>{"label": "negative", "confidence": 0.87}</c>.</summary>
    public const string SentimentDecision = """
        root  ::= "{\"label\": \"" label "\", \"confidence\": 0." [0-9] [0-9] "}"
        label ::= "positive" | "negative" | "neutral"
        """;

    private static readonly string[] PlanOpeners = ["First", "Then", "Next", "Finally", "Before", "After"];

    private static readonly string[] PlanWords =
    [
        "copy", "the", "data", "database", "server", "backup", "replica", "schema", "tables", "users",
        "traffic", "downtime", "rollback", "risk", "risks", "plan", "test", "verify", "sync", "switch",
        "restore", "monitor", "new", "old", "and", "to", "with", "snapshot", "cutover", "checks",
    ];

    private static readonly string[] WeatherOpeners = ["Today", "Now", "Outside", "There"];

    private static readonly string[] WeatherWords =
    [
        "it", "is", "the", "weather", "sunny", "warm", "cold", "rain", "wind", "clear", "mild", "and", "in", "city", "degrees", "sky",
    ];

    /// <summary>The plan grammar: migration words (see <see cref="Sentences"/>).</summary>
    /// <param name="maxBytes">The longest answer allowed, in bytes.</param>
    /// <returns>The grammar.</returns>
    public static string Plan(int maxBytes) => Sentences(PlanOpeners, PlanWords, maxBytes);

    /// <summary>The weather-answer grammar: weather words (see <see cref="Sentences"/>).</summary>
    /// <param name="maxBytes">The longest answer allowed, in bytes.</param>
    /// <returns>The grammar.</returns>
    public static string WeatherAnswer(int maxBytes) => Sentences(WeatherOpeners, WeatherWords, maxBytes);

    /// <summary>
    /// Builds a grammar of two or three sentences, each an opener and three to six words, ending in a period, short
    /// enough to end within <paramref name="maxBytes"/> (the synthetic models emit one byte per token).
    /// </summary>
    /// <param name="openers">The words a sentence starts with.</param>
    /// <param name="words">The words that follow.</param>
    /// <param name="maxBytes">The longest answer allowed, in bytes.</param>
    /// <returns>The grammar.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The longest sentence the grammar allows does not fit into <paramref name="maxBytes"/>.</exception>
    private static string Sentences(string[] openers, string[] words, int maxBytes)
    {
        const int MinSentences = 2, MaxSentences = 3, MinWords = 3, MaxWords = 6;
        int longestSentence = openers.Max(o => o.Length) + (MaxWords * (1 + words.Max(w => w.Length))) + 1;
        int longest = (MaxSentences * longestSentence) + (MaxSentences - 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, longest);
        return $$"""
            root     ::= sentence (" " sentence){{{MinSentences - 1}},{{MaxSentences - 1}}}
            sentence ::= opener (" " word){{{MinWords}},{{MaxWords}}} "."
            opener   ::= {{Alternatives(openers)}}
            word     ::= {{Alternatives(words)}}
            """;
    }

    private static string Alternatives(IEnumerable<string> words) => string.Join(" | ", words.Select(w => $"\"{w}\""));
}
