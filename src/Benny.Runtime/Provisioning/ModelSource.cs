using System.Diagnostics.CodeAnalysis;

namespace Benny.Runtime.Provisioning;

/// <summary>
/// Where a model artifact is downloaded from: a Hugging Face repository, a revision and, for a single-file
/// artifact, the file's path in the repository. Written <c>hf://&lt;owner&gt;/&lt;repo&gt;[@&lt;revision&gt;][/&lt;file&gt;]</c>.
/// </summary>
/// <param name="Repository">The repository id, <c>&lt;owner&gt;/&lt;repo&gt;</c>.</param>
/// <param name="Revision">The branch, tag or commit; <c>main</c> by default.</param>
/// <param name="FilePath">The file in the repository, or <see langword="null"/> for the whole repository (a model folder).</param>
public sealed record ModelSource(string Repository, string Revision, string? FilePath)
{
    /// <summary>The scheme prefix of Hugging Face sources.</summary>
    public const string HuggingFaceScheme = "hf://";

    /// <summary>The revision used when a source names none.</summary>
    public const string DefaultRevision = "main";

    /// <summary>Gets whether the source is a whole repository (a model folder such as OpenVINO IR) rather than one file.</summary>
    public bool IsFolder => FilePath is null;

    /// <summary>Parses <c>hf://&lt;owner&gt;/&lt;repo&gt;[@&lt;revision&gt;][/&lt;file&gt;]</c>.</summary>
    /// <param name="source">The source text.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not such a source; the message shows the expected form.</exception>
    public static ModelSource Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return TryParse(source, out ModelSource? parsed)
            ? parsed
            : throw new FormatException(
                $"'{source}' is not a model source. Write hf://<owner>/<repo>/<file> for one file (for example "
                + "hf://Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q8_0.gguf), hf://<owner>/<repo> for a model folder, "
                + "and hf://<owner>/<repo>@<revision>/<file> to pin a branch, tag or commit.");
    }

    /// <summary>Tries to parse <c>hf://&lt;owner&gt;/&lt;repo&gt;[@&lt;revision&gt;][/&lt;file&gt;]</c>.</summary>
    /// <param name="source">The source text.</param>
    /// <param name="parsed">The source, when the text is valid.</param>
    /// <returns><see langword="true"/> when the text is a valid source.</returns>
    public static bool TryParse(string? source, [NotNullWhen(true)] out ModelSource? parsed)
    {
        parsed = null;
        if (source is null || !source.StartsWith(HuggingFaceScheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string[] parts = source[HuggingFaceScheme.Length..].Split('/');
        if (parts.Length < 2 || parts.Any(p => p.Length == 0 || p == "." || p == ".." || p.Contains('\\', StringComparison.Ordinal)))
        {
            return false;
        }

        string repoName = parts[1];
        string revision = DefaultRevision;
        int at = repoName.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            revision = repoName[(at + 1)..];
            repoName = repoName[..at];
            if (revision.Length == 0 || repoName.Length == 0)
            {
                return false;
            }
        }

        string? file = parts.Length > 2 ? string.Join('/', parts[2..]) : null;
        parsed = new ModelSource(parts[0] + "/" + repoName, revision, file);
        return true;
    }

    /// <summary>Gets the address of a file of this repository: <c>{endpoint}/{repo}/resolve/{revision}/{file}</c>.</summary>
    /// <param name="endpoint">The Hugging Face endpoint, such as <c>https://huggingface.co</c>.</param>
    /// <param name="file">The file in the repository.</param>
    /// <returns>The address.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public Uri GetResolveUri(Uri endpoint, string file)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(file);
        string escapedFile = string.Join('/', file.Split('/').Select(Uri.EscapeDataString));
        return new Uri($"{endpoint.AbsoluteUri.TrimEnd('/')}/{Repository}/resolve/{Uri.EscapeDataString(Revision)}/{escapedFile}");
    }

    /// <summary>Returns the <c>hf://</c> form of the source.</summary>
    /// <returns>The source text.</returns>
    public override string ToString()
        => HuggingFaceScheme + Repository + (Revision == DefaultRevision ? "" : "@" + Revision) + (FilePath is null ? "" : "/" + FilePath);
}
