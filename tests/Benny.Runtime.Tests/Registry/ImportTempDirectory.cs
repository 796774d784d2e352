namespace Benny.Runtime.Tests.Registry;

/// <summary>A unique temporary folder for one test, deleted on dispose.</summary>
internal sealed class ImportTempDirectory : IDisposable
{
    public ImportTempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "benny-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes a file (creating its folders) and returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        string fullPath = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        File.WriteAllText(fullPath, content);
        return fullPath;
    }

    /// <summary>Creates a folder and returns its full path.</summary>
    public string CreateFolder(string relativePath)
        => Directory.CreateDirectory(System.IO.Path.Combine(Path, relativePath)).FullName.TrimEnd(System.IO.Path.DirectorySeparatorChar);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
