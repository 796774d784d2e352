namespace Benny.Samples.Quickstart;

/// <summary>
/// GBNF grammars for the synthetic models' answers. Their weights are random, so unconstrained they emit arbitrary
/// bytes; a grammar leaves them only well-formed choices: the classification answers a small JSON decision, the plan
/// answers sentences of real English words. The choices are still random: the text is well-formed, not meaningful.
/// </summary>
internal static class SyntheticAnswerGrammars
{
    /// <summary>The classification decision: <c>{"label": "negative", "confidence": 0.87}</c>.</summary>
    public const string SentimentDecision = """
        root  ::= "{\"label\": \"" label "\", \"confidence\": 0." [0-9] [0-9] "}"
        label ::= "positive" | "negative" | "neutral"
        """;

    private static readonly string[] Openers = ["First", "Then", "Next", "Finally", "Before", "After"];

    private static readonly string[] Words =
    [
        "copy", "the", "data", "database", "server", "backup", "replica", "schema", "tables", "users",
        "traffic", "downtime", "rollback", "risk", "risks", "plan", "test", "verify", "sync", "switch",
        "restore", "monitor", "new", "old", "and", "to", "with", "snapshot", "cutover", "checks",
    ];

    /// <summary>
    /// Builds the plan grammar: two or three sentences, each an opener and three to six words, ending in a period,
    /// short enough to end within <paramref name="maxBytes"/> (the synthetic models emit one byte per token).
    /// </summary>
    /// <param name="maxBytes">The longest answer allowed, in bytes.</param>
    /// <returns>The grammar.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The longest sentence the grammar allows does not fit into <paramref name="maxBytes"/>.</exception>
    public static string Plan(int maxBytes)
    {
        const int MinSentences = 2, MaxSentences = 3, MinWords = 3, MaxWords = 6;
        int longestSentence = Openers.Max(o => o.Length) + (MaxWords * (1 + Words.Max(w => w.Length))) + 1;
        int longest = (MaxSentences * longestSentence) + (MaxSentences - 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, longest);
        return $$"""
            root     ::= sentence (" " sentence){{{MinSentences - 1}},{{MaxSentences - 1}}}
            sentence ::= opener (" " word){{{MinWords}},{{MaxWords}}} "."
            opener   ::= {{Alternatives(Openers)}}
            word     ::= {{Alternatives(Words)}}
            """;
    }

    private static string Alternatives(IEnumerable<string> words) => string.Join(" | ", words.Select(w => $"\"{w}\""));
}
