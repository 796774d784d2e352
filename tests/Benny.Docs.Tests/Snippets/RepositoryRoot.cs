namespace Benny.Docs.Tests.Snippets;

/// <summary>Finds the repository root: the nearest folder, from the test output upwards, that holds <c>Benny.Runtime.sln</c>.</summary>
public static class RepositoryRoot
{
    /// <summary>The file that marks the repository root.</summary>
    public const string MarkerFile = "Benny.Runtime.sln";

    /// <summary>Walks up from <paramref name="start"/> to the folder holding <see cref="MarkerFile"/>.</summary>
    /// <param name="start">The folder to start from; the test output folder when null.</param>
    /// <returns>The repository root's full path.</returns>
    /// <exception cref="DirectoryNotFoundException">No folder above <paramref name="start"/> holds the marker.</exception>
    public static string Find(string? start = null)
    {
        string first = Path.GetFullPath(start ?? AppContext.BaseDirectory);
        for (DirectoryInfo? directory = new(first); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, MarkerFile)))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder from '{first}' upwards holds {MarkerFile}.");
    }
}
