using System.Text.Json;

namespace Benny.Benchmarks.Peers;

/// <summary>
/// The setups' checks. Every engine warms up on both prompt sets and must produce the token counts that the tokens per
/// second column assumes; it prints its greedy texts and records them in the temp folder, so that a later case (another
/// process) can be compared with the raw loop's texts.
/// </summary>
internal static class GreedyCheck
{
    private static string Folder => Path.Combine(Path.GetTempPath(), "benny-bench-peers");

    /// <summary>Runs both prompt sets once, checks the counts, prints and records the texts.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="key">The case's workload (suite, model, operation, streams), naming the recorded texts.</param>
    /// <param name="prompts">The two prompt sets.</param>
    /// <param name="maxTokens">The output limit, which every request must reach.</param>
    /// <param name="promptTokens">The prompt token count every request must have, or <see langword="null"/> for any.</param>
    /// <exception cref="InvalidOperationException">A request stopped early or has another prompt length.</exception>
    public static async Task<Generation[][]> WarmUpAsync(IPeerEngine engine, string key, IReadOnlyList<string>[] prompts, int maxTokens, int? promptTokens)
    {
        var sets = new Generation[prompts.Length][];
        for (int set = 0; set < prompts.Length; set++)
        {
            sets[set] = await engine.GenerateAsync(prompts[set], maxTokens);
            for (int i = 0; i < sets[set].Length; i++)
            {
                Generation result = sets[set][i];
                Console.WriteLine($"// [{engine.Name}] {key} set {set} #{i}: {result.PromptTokens} prompt + {result.OutputTokens} output tokens: {Shorten(result.Text)}");
                if (result.OutputTokens != maxTokens)
                {
                    throw new InvalidOperationException(
                        $"{engine.Name} generated {result.OutputTokens} tokens instead of {maxTokens} for \"{prompts[set][i]}\" ({key}); tokens per second would be wrong. Choose a prompt that does not end so soon.");
                }

                if (promptTokens is { } expected && result.PromptTokens != expected)
                {
                    throw new InvalidOperationException($"{engine.Name} read {result.PromptTokens} prompt tokens instead of {expected} ({key}, set {set}).");
                }
            }
        }

        Directory.CreateDirectory(Folder);
        File.WriteAllText(PathOf(key, engine.Name), JsonSerializer.Serialize(sets.Select(s => s.Select(g => g.Text).ToArray()).ToArray()));
        return sets;
    }

    /// <summary>Throws unless <paramref name="actual"/> has the same texts as <paramref name="expected"/>.</summary>
    /// <exception cref="InvalidOperationException">A text differs.</exception>
    public static void RequireSame(string expectedName, Generation[][] expected, string actualName, Generation[][] actual)
    {
        for (int set = 0; set < expected.Length; set++)
        {
            for (int i = 0; i < expected[set].Length; i++)
            {
                if (expected[set][i].Text != actual[set][i].Text)
                {
                    throw new InvalidOperationException(
                        $"Greedy texts differ (set {set} #{i}):{Environment.NewLine}{expectedName}: {expected[set][i].Text}{Environment.NewLine}{actualName}: {actual[set][i].Text}");
                }
            }
        }

        Console.WriteLine($"// greedy check: {actualName} wrote the same text as {expectedName} for every prompt");
    }

    /// <summary>Prints whether <paramref name="actual"/> matches the texts the raw loop recorded for <paramref name="key"/> (when it ran before).</summary>
    public static void CompareWithRaw(string key, string actualName, Generation[][] actual)
    {
        string path = PathOf(key, RawLlamaLoop.DisplayName);
        if (!File.Exists(path))
        {
            Console.WriteLine($"// greedy check: no raw loop texts recorded for {key} yet (run the raw case first)");
            return;
        }

        string[][] raw = JsonSerializer.Deserialize<string[][]>(File.ReadAllText(path)) ?? [];
        int total = actual.Sum(s => s.Length);
        int same = actual.SelectMany((s, set) => s.Select((g, i) => set < raw.Length && i < raw[set].Length && raw[set][i] == g.Text)).Count(x => x);
        Console.WriteLine($"// greedy check: {actualName} wrote the raw loop's text for {same} of {total} prompt(s) ({key})");
    }

    /// <summary>Throws unless the first token after BOS differs between every two prompts (so no prompt is a cached prefix of another).</summary>
    /// <exception cref="InvalidOperationException">Two prompts begin with the same token.</exception>
    public static void RequireDistinctStarts(Func<string, int[]> tokenize, bool addsBos, IEnumerable<string> prompts)
    {
        var seen = new Dictionary<int, string>();
        foreach (string prompt in prompts)
        {
            int first = tokenize(prompt)[addsBos ? 1 : 0];
            if (!seen.TryAdd(first, prompt))
            {
                throw new InvalidOperationException($"\"{prompt}\" and \"{seen[first]}\" begin with the same token {first}: the engine would reuse it from its cache.");
            }
        }
    }

    private static string PathOf(string key, string engine) => Path.Combine(Folder, $"{key}.{engine.Replace(' ', '-')}.json");

    private static string Shorten(string text)
    {
        string line = text.Replace("\n", "\\n", StringComparison.Ordinal);
        return line.Length <= 120 ? line : line[..120] + "...";
    }
}
