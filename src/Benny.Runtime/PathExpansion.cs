namespace Benny.Runtime;

/// <summary>Expands the <c>~</c> (home folder) prefix that configuration paths may use.</summary>
public static class PathExpansion
{
    /// <summary>Replaces a leading <c>~</c> with the user's home folder.</summary>
    /// <param name="path">A path such as <c>~/models/x.gguf</c>.</param>
    /// <returns>The expanded path; other paths are returned unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public static string ExpandHome(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
        {
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return path.Length == 1 ? home : System.IO.Path.Combine(home, path[2..]);
        }

        return path;
    }

    /// <summary>Expands a leading <c>~</c> and makes the path absolute.</summary>
    /// <param name="path">A path.</param>
    /// <param name="baseDirectory">The folder relative paths are resolved against; defaults to the current directory.</param>
    /// <returns>The absolute path.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public static string GetFullPath(string path, string? baseDirectory = null)
    {
        string expanded = ExpandHome(path);
        return baseDirectory is null ? System.IO.Path.GetFullPath(expanded) : System.IO.Path.GetFullPath(expanded, baseDirectory);
    }
}
