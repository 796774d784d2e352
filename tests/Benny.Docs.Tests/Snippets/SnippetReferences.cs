using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;

namespace Benny.Docs.Tests.Snippets;

/// <summary>
/// The assemblies a documentation snippet compiles against: what a console app that references the
/// Benny packages sees.
/// </summary>
/// <remarks>
/// Two sources: the test process's trusted platform assemblies (<c>TRUSTED_PLATFORM_ASSEMBLIES</c>) that
/// belong to the shared frameworks it runs on (Microsoft.NETCore.App, Microsoft.AspNetCore.App), and the <c>Benny.*</c> and
/// <c>Microsoft.Extensions.*</c> assemblies of the test output folder (plus <c>OllamaSharp</c>, which the
/// router docs show as a remote tier) together with the output-folder assemblies they reference. The test assembly and its own dependencies (NUnit, Roslyn, the test SDK)
/// are left out, so a snippet cannot compile only because the test happens to load them.
/// </remarks>
public static class SnippetReferences
{
    private static readonly string[] PackagePrefixes = ["Benny.", "Microsoft.Extensions.", "OllamaSharp."];

    /// <summary>Collects the reference set.</summary>
    /// <param name="outputDirectory">The folder of the test assembly and its dependencies.</param>
    /// <returns>One reference per assembly name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="outputDirectory"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The process has no trusted platform assemblies list.</exception>
    public static IReadOnlyList<MetadataReference> Create(string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(outputDirectory);

        string trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
            ?? throw new InvalidOperationException("The process has no TRUSTED_PLATFORM_ASSEMBLIES list.");
        // The shared frameworks the process runs on (Microsoft.NETCore.App, and Microsoft.AspNetCore.App for the server
        // package's docs) sit side by side under dotnet/shared/<framework>/<version>.
        string sharedDirectory = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(object).Assembly.Location)!)!)!;

        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(path))), sharedDirectory, StringComparison.Ordinal))
            {
                paths.TryAdd(Path.GetFileNameWithoutExtension(path), path);
            }
        }

        string testAssembly = typeof(SnippetReferences).Assembly.GetName().Name + ".dll";
        var pending = new Queue<string>(Directory.EnumerateFiles(outputDirectory, "*.dll")
            .Where(path => PackagePrefixes.Any(prefix => Path.GetFileName(path).StartsWith(prefix, StringComparison.Ordinal)))
            .Where(path => !string.Equals(Path.GetFileName(path), testAssembly, StringComparison.Ordinal)));
        while (pending.TryDequeue(out string? path))
        {
            if (!paths.TryAdd(Path.GetFileNameWithoutExtension(path), path))
            {
                continue;
            }

            foreach (string name in ReferencedAssemblyNames(path))
            {
                string candidate = Path.Combine(outputDirectory, name + ".dll");
                if (!paths.ContainsKey(name) && File.Exists(candidate))
                {
                    pending.Enqueue(candidate);
                }
            }
        }

        return [.. paths.Values.Order(StringComparer.Ordinal).Select(path => MetadataReference.CreateFromFile(path))];
    }

    private static List<string> ReferencedAssemblyNames(string path)
    {
        using FileStream stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        if (!reader.HasMetadata)
        {
            return [];
        }

        MetadataReader metadata = reader.GetMetadataReader();
        return [.. metadata.AssemblyReferences.Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name))];
    }
}
