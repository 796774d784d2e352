namespace Benny.Runtime.Tests.Prompts;

/// <summary>A unique temporary folder for one test's prompt files; deleted on dispose.</summary>
internal sealed class TempPromptDirectory : IDisposable
{
    public TempPromptDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "benny-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relativePath, string content)
    {
        string full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
