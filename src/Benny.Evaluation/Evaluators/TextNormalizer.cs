using System.Globalization;
using System.Text;

namespace Benny.Evaluation.Evaluators;

/// <summary>The text normalizations of the match and overlap evaluators.</summary>
internal static class TextNormalizer
{
    private static readonly HashSet<string> s_articles = new(StringComparer.Ordinal) { "a", "an", "the" };

    /// <summary>
    /// Unicode compatibility form (NFKC: full-width letters, ligatures and non-breaking spaces become their plain forms),
    /// lower case (invariant), punctuation and symbols removed, runs of white space collapsed to one space, trimmed.
    /// </summary>
    public static string Normalize(string text)
    {
        string composed = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var result = new StringBuilder(composed.Length);
        bool space = false;
        foreach (char c in composed)
        {
            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (char.IsWhiteSpace(c))
            {
                space = result.Length > 0;
                continue;
            }

            if (char.IsPunctuation(c) || char.IsSymbol(c) || category == UnicodeCategory.Format)
            {
                continue;
            }

            if (space)
            {
                result.Append(' ');
                space = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    /// <summary>
    /// The tokens of SQuAD's answer normalization: <see cref="Normalize"/> (whose punctuation removal joins "don't" into
    /// "dont", as SQuAD does), then split on white space without the English articles a, an and the.
    /// </summary>
    public static string[] SquadTokens(string text)
        => [.. Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => !s_articles.Contains(t))];
}
