using System.Globalization;

namespace Benny.Runtime.Prompts;

/// <summary>Prompt file naming: <c>&lt;id&gt;.v&lt;N&gt;.prompt</c> (version N) and <c>&lt;id&gt;.prompt</c> (unversioned), also with <c>.prompt.md</c>.</summary>
internal static class PromptFileName
{
    /// <summary>The extension of a plain prompt file.</summary>
    public const string PromptExtension = ".prompt";

    /// <summary>The extension of a Markdown prompt file.</summary>
    public const string MarkdownExtension = ".prompt.md";

    /// <summary>Returns whether <paramref name="path"/> names a prompt file.</summary>
    public static bool IsPromptFile(string path) =>
        path.EndsWith(PromptExtension, StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(MarkdownExtension, StringComparison.OrdinalIgnoreCase);

    /// <summary>Splits a prompt file's name into the prompt id and version.</summary>
    /// <param name="path">A file path; only its name is used.</param>
    /// <returns>The id (never empty) and the version, or <see langword="null"/> for an unversioned file.</returns>
    /// <exception cref="ArgumentException">The file name has no id.</exception>
    public static (string Id, int? Version) Parse(string path)
    {
        string name = Path.GetFileName(path);
        string stem =
            name.EndsWith(MarkdownExtension, StringComparison.OrdinalIgnoreCase) ? name[..^MarkdownExtension.Length]
            : name.EndsWith(PromptExtension, StringComparison.OrdinalIgnoreCase) ? name[..^PromptExtension.Length]
            : Path.GetFileNameWithoutExtension(name);

        int? version = null;
        int dot = stem.LastIndexOf('.');
        if (dot > 0
            && dot + 2 < stem.Length
            && stem[dot + 1] is 'v' or 'V'
            && stem.AsSpan(dot + 2).ContainsAnyExceptInRange('0', '9') is false
            && int.TryParse(stem.AsSpan(dot + 2), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            version = n;
            stem = stem[..dot];
        }

        if (string.IsNullOrWhiteSpace(stem))
        {
            throw new ArgumentException($"The prompt file name '{name}' has no prompt id; name it '<id>.prompt' or '<id>.v<N>.prompt'.", nameof(path));
        }

        return (stem, version);
    }
}
