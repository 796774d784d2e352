namespace Benny.Engines.OpenVino.Tests.Support;

/// <summary>A unique temporary folder per test, deleted on dispose, with helpers to lay out converted model folders.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "benny-openvino-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Creates a model folder holding every required file (empty), except <paramref name="omit"/>.</summary>
    public string CreateModelFolder(string relativePath, params string[] omit)
    {
        string folder = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(folder);
        foreach (string name in OpenVinoModelFolder.RequiredFiles.Except(omit))
        {
            File.WriteAllBytes(System.IO.Path.Combine(folder, name), []);
        }

        return folder;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a leftover temp folder is harmless
        }
    }
}
