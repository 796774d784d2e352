namespace Benny.Evaluation.Tests.Support;

/// <summary>Paths the tests use: the shared test models beside the repository.</summary>
internal static class TestPaths
{
    /// <summary>../shared/models/stories260K.gguf: a trained 260K-parameter llama model without a chat template.</summary>
    public static string Stories260K => Shared("models", "stories260K.gguf");

    /// <summary>A file under ../shared, found from the folder holding Benny.Runtime.sln.</summary>
    public static string Shared(params string[] parts)
    {
        for (DirectoryInfo? folder = new(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Benny.Runtime.sln")))
            {
                string path = Path.GetFullPath(Path.Combine([folder.FullName, "..", "shared", .. parts]));
                return File.Exists(path)
                    ? path
                    : throw new FileNotFoundException($"The shared test file '{path}' is missing: CI and developers have ../shared beside the repository.", path);
            }
        }

        throw new DirectoryNotFoundException("Benny.Runtime.sln was not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
