namespace Benny.Docs.Tests.Snippets;

/// <summary>The snippet contexts of this test project, read from the <c>Contexts</c> folder copied to the test output.</summary>
public sealed class SnippetContextStore
{
    private readonly Dictionary<string, SnippetContext> _contexts;

    /// <summary>Reads every <c>*.cs</c> file of <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder holding the context files.</param>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is null.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public SnippetContextStore(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The snippet contexts folder '{directory}' does not exist.");
        }

        _contexts = Directory.EnumerateFiles(directory, "*.cs")
            .Select(path => new SnippetContext(
                Path.GetFileNameWithoutExtension(path),
                "Contexts/" + Path.GetFileName(path),
                File.ReadAllText(path)))
            .ToDictionary(context => context.Name, StringComparer.Ordinal);
    }

    /// <summary>Gets the contexts of the test output folder (<c>AppContext.BaseDirectory/Contexts</c>).</summary>
    /// <returns>The store.</returns>
    public static SnippetContextStore FromTestOutput() => new(Path.Combine(AppContext.BaseDirectory, "Contexts"));

    /// <summary>Gets the contexts, ordered by name.</summary>
    public IReadOnlyList<SnippetContext> All => [.. _contexts.Values.OrderBy(context => context.Name, StringComparer.Ordinal)];

    /// <summary>Gets the context named <paramref name="name"/>.</summary>
    /// <param name="name">The name given by the snippet's marker.</param>
    /// <param name="context">The context, when one has that name.</param>
    /// <returns>Whether a context has that name.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SnippetContext? context) =>
        _contexts.TryGetValue(name, out context);
}
