namespace Benny.Benchmarks.Peers;

/// <summary>
/// Keeps one llama.cpp build per process. The GGUF engine's natives (also used by the raw loop) and LLamaSharp's have
/// the same file names (<c>libllama.so</c>, <c>libggml-base.so</c>, ...) but different releases and struct layouts, so a
/// process that loaded one must never load the other. BenchmarkDotNet runs every case in its own process, and each
/// setup loads only the build it measures; this guard turns a mistake (an in-process toolchain, a setup without a
/// target) into a clear error instead of a crash.
/// </summary>
internal static class ProcessNatives
{
    /// <summary>The GGUF engine's llama.cpp v0.5.0 build (Benny and the raw loop).</summary>
    public const string Benny = "Benny's llama.cpp v0.5.0 (build/natives)";

    /// <summary>LLamaSharp.Backend.Cpu 0.30.0's build.</summary>
    public const string LLamaSharp = "LLamaSharp.Backend.Cpu 0.30.0";

    private static readonly object Gate = new();
    private static string? s_owner;

    /// <summary>Records that this process uses <paramref name="build"/>.</summary>
    /// <exception cref="InvalidOperationException">The process already loaded the other build.</exception>
    public static void Claim(string build)
    {
        lock (Gate)
        {
            if (s_owner is not null && s_owner != build)
            {
                throw new InvalidOperationException(
                    $"This process already loaded {s_owner}; loading {build} too would mix two llama.cpp builds with the same library names. "
                    + "Run each benchmark case in its own process (BenchmarkDotNet's default toolchain, not InProcess).");
            }

            s_owner = build;
        }
    }

    /// <summary>The llama.cpp and ggml libraries mapped into this process (from /proc/self/maps; empty where there is none).</summary>
    public static IReadOnlyList<string> Mapped()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return [];
        }

        return [.. File.ReadLines(maps)
            .Select(line => line.IndexOf('/', StringComparison.Ordinal) is var at and >= 0 ? line[at..] : "")
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("libllama", StringComparison.Ordinal) || name.StartsWith("libggml", StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Prints the mapped natives and checks that they all come from folders containing <paramref name="expectedFolder"/>.</summary>
    /// <exception cref="InvalidOperationException">A library of another folder is mapped.</exception>
    public static void Verify(string expectedFolder)
    {
        IReadOnlyList<string> mapped = Mapped();
        Console.WriteLine($"// natives mapped: {string.Join(", ", mapped)}");
        string[] foreign = [.. mapped.Where(path => !path.Contains(expectedFolder, StringComparison.Ordinal))];
        if (foreign.Length > 0)
        {
            throw new InvalidOperationException($"Natives from outside '{expectedFolder}' are loaded: {string.Join(", ", foreign)}.");
        }
    }
}
