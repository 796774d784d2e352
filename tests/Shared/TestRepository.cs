namespace Benny.Tests.Support;

/// <summary>
/// The repository checkout the tests run from (the folder holding <c>Benny.Runtime.sln</c>, found from the test binaries
/// upwards) and the read-only <c>../shared</c> folder beside it: the test models, tokenizer vocabularies and chat templates.
/// </summary>
internal static class TestRepository
{
    private static readonly Lazy<string> RootFolder = new(FindRoot);

    /// <summary>Gets the repository root's full path.</summary>
    /// <exception cref="DirectoryNotFoundException">The tests do not run from below a repository checkout.</exception>
    public static string Root => RootFolder.Value;

    /// <summary>A file or folder under <c>../shared</c>, which CI and every developer have beside the repository.</summary>
    /// <param name="parts">The path below <c>../shared</c>, e.g. <c>"models", "stories260K.gguf"</c>.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="FileNotFoundException">Nothing is at that path.</exception>
    public static string Shared(params string[] parts)
    {
        string path = Path.GetFullPath(Path.Combine([Root, "..", "shared", .. parts]));
        return File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"The shared test file '{path}' is missing: CI and developers have ../shared beside the repository.", path);
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Benny.Runtime.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("Benny.Runtime.sln was not found above " + AppContext.BaseDirectory + ": the tests run from a repository checkout.");
    }
}
