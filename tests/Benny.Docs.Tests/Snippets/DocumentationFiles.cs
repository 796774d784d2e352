namespace Benny.Docs.Tests.Snippets;

/// <summary>
/// The Markdown files whose C# blocks must compile: the repository <c>README.md</c>, each package's
/// <c>src/*/README.md</c>, and every <c>docs/**/*.md</c>. New files there are picked up without a change here.
/// </summary>
public static class DocumentationFiles
{
    /// <summary>Lists the documentation files of a repository.</summary>
    /// <param name="repositoryRoot">The repository root.</param>
    /// <returns>Paths relative to <paramref name="repositoryRoot"/>, with forward slashes, sorted ordinally.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="repositoryRoot"/> is null.</exception>
    public static IReadOnlyList<string> Find(string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(repositoryRoot);

        var files = new List<string>();
        string readme = Path.Combine(repositoryRoot, "README.md");
        if (File.Exists(readme))
        {
            files.Add(readme);
        }

        string src = Path.Combine(repositoryRoot, "src");
        if (Directory.Exists(src))
        {
            files.AddRange(Directory.EnumerateDirectories(src)
                .Select(project => Path.Combine(project, "README.md"))
                .Where(File.Exists));
        }

        string docs = Path.Combine(repositoryRoot, "docs");
        if (Directory.Exists(docs))
        {
            files.AddRange(Directory.EnumerateFiles(docs, "*.md", SearchOption.AllDirectories));
        }

        return [.. files
            .Select(path => Path.GetRelativePath(repositoryRoot, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];
    }
}
