using Benny.Tests.Support;

namespace Benny.Engines.Gguf.Tests.Format;

/// <summary>Paths of the shared test files and a unique temporary folder per test.</summary>
internal static class FormatTestFiles
{
    public static string RepositoryRoot => TestRepository.Root;

    public static string Stories260K => Shared("models", "stories260K.gguf");

    public static string Vocab(string name) => Shared("vocab", name);

    public static string NewTempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "benny-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static void DeleteDirectory(string? path)
    {
        if (path is not null && Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static string Shared(string folder, string file) => TestRepository.Shared(folder, file);
}
