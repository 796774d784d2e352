namespace Benny.Engines.Gguf.Tests.Support;

/// <summary>Paths the tests use: the repository root and the shared test models beside it.</summary>
internal static class TestPaths
{
    /// <summary>The folder holding Benny.Runtime.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>../shared/models/stories260K.gguf: a trained 260K-parameter llama model without a chat template.</summary>
    public static string Stories260K => Shared("models", "stories260K.gguf");

    /// <summary>A file under ../shared.</summary>
    public static string Shared(params string[] parts)
    {
        string path = Path.GetFullPath(Path.Combine([RepositoryRoot, "..", "shared", .. parts]));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The shared test file '{path}' is missing: CI and developers have ../shared beside the repository.", path);
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? folder = new(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Benny.Runtime.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("Benny.Runtime.sln was not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
