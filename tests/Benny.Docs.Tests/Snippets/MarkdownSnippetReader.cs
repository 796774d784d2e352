using System.Text.RegularExpressions;

namespace Benny.Docs.Tests.Snippets;

/// <summary>
/// Finds the C# fenced code blocks of a Markdown text (info string <c>csharp</c>, <c>cs</c> or <c>c#</c>,
/// any case; blocks of other languages or none are ignored) and the snippet markers written as HTML
/// comments on the lines just before a block (blank lines may stand between them):
/// <c>&lt;!-- snippet-context: name --&gt;</c> and <c>&lt;!-- snippet-skip: reason --&gt;</c>.
/// </summary>
public static partial class MarkdownSnippetReader
{
    private static readonly HashSet<string> CSharpLanguages = new(StringComparer.OrdinalIgnoreCase) { "csharp", "cs", "c#" };

    /// <summary>Reads the C# blocks of <paramref name="markdown"/>.</summary>
    /// <param name="filePath">The file's path relative to the repository root, used in locations and messages.</param>
    /// <param name="markdown">The file's text.</param>
    /// <returns>The C# blocks in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="filePath"/> or <paramref name="markdown"/> is null.</exception>
    /// <exception cref="FormatException">A fence is never closed, or a <c>snippet-</c> marker is unknown or misplaced.</exception>
    public static IReadOnlyList<MarkdownSnippet> Read(string filePath, string markdown)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(markdown);

        string[] lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var snippets = new List<MarkdownSnippet>();
        string? context = null;
        string? skipReason = null;
        int markerLine = 0;

        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            Match fence = OpeningFence().Match(line);
            if (fence.Success)
            {
                int indent = fence.Groups["indent"].Length;
                string marks = fence.Groups["marks"].Value;
                string language = fence.Groups["info"].Value.Trim().Split(' ', 2)[0];
                int close = FindClosingFence(lines, i + 1, marks);
                if (close < 0)
                {
                    throw new FormatException($"{filePath}:{i + 1}: the code fence {marks} is never closed.");
                }

                bool isCSharp = CSharpLanguages.Contains(language);
                if (!isCSharp && (context is not null || skipReason is not null))
                {
                    throw new FormatException($"{filePath}:{markerLine}: a snippet marker precedes a block that is not C# ('{language}').");
                }

                if (isCSharp)
                {
                    string code = string.Join('\n', lines[(i + 1)..close].Select(l => Unindent(l, indent)));
                    snippets.Add(new MarkdownSnippet(filePath, i + 1, code, context, skipReason is not null, skipReason ?? ""));
                }

                context = null;
                skipReason = null;
                i = close;
                continue;
            }

            Match marker = Marker().Match(line);
            if (marker.Success)
            {
                string kind = marker.Groups["kind"].Value;
                string value = marker.Groups["value"].Value.Trim();
                markerLine = i + 1;
                switch (kind)
                {
                    case "context":
                        context = value.Length > 0 ? value : throw new FormatException($"{filePath}:{i + 1}: snippet-context needs a name: <!-- snippet-context: services -->.");
                        break;
                    case "skip":
                        skipReason = value;
                        break;
                    default:
                        throw new FormatException($"{filePath}:{i + 1}: unknown snippet marker 'snippet-{kind}' (known: snippet-context, snippet-skip).");
                }

                continue;
            }

            if (line.Trim().Length > 0 && (context is not null || skipReason is not null))
            {
                throw new FormatException($"{filePath}:{markerLine}: a snippet marker must stand right before the code block it applies to.");
            }
        }

        if (context is not null || skipReason is not null)
        {
            throw new FormatException($"{filePath}:{markerLine}: a snippet marker is not followed by a code block.");
        }

        return snippets;
    }

    private static int FindClosingFence(string[] lines, int start, string marks)
    {
        for (int i = start; i < lines.Length; i++)
        {
            string trimmed = lines[i].Trim();
            if (trimmed.Length >= marks.Length && trimmed.All(c => c == marks[0]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unindent(string line, int indent)
    {
        int spaces = 0;
        while (spaces < indent && spaces < line.Length && line[spaces] == ' ')
        {
            spaces++;
        }

        return line[spaces..];
    }

    [GeneratedRegex(@"^(?<indent> *)(?<marks>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex OpeningFence();

    [GeneratedRegex(@"^\s*<!--\s*snippet-(?<kind>[A-Za-z]+)\s*(?::(?<value>.*?))?-->\s*$")]
    private static partial Regex Marker();
}
