using Benny.Tests.Support;

namespace Benny.Runtime.Tests.Templates.ToolCalling;

/// <summary>The real chat templates in ../shared/templates (beside the repository), described in their README.</summary>
internal static class SharedTemplates
{
    /// <summary>Reads one template's source.</summary>
    /// <param name="fileName">The file name, e.g. <c>Qwen-Qwen3-0.6B.jinja</c>.</param>
    /// <returns>The template text.</returns>
    public static string Read(string fileName)
    {
        string path = Path.Combine(Folder, fileName);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"The shared template '{path}' is missing: CI and developers have ../shared beside the repository.", path);
    }

    /// <summary>Gets the names of all templates in the folder.</summary>
    public static IEnumerable<string> All => Directory.EnumerateFiles(Folder, "*.jinja").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    private static string Folder => TestRepository.Shared("templates");
}
