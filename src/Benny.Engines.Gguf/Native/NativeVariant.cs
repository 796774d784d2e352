namespace Benny.Engines.Gguf.Native;

/// <summary>
/// The builds of the pinned llama.cpp release that runtime packages carry, each in its own folder
/// <c>runtimes/&lt;rid&gt;/native/&lt;variant&gt;/</c>, and which of them may serve a requested backend.
/// </summary>
internal static class NativeVariant
{
    /// <summary>The CPU build (<c>Benny.Engines.Gguf.Runtime.Cpu</c>).</summary>
    public const string Cpu = "cpu";

    /// <summary>The Vulkan build, which also carries every CPU backend (<c>Benny.Engines.Gguf.Runtime.Vulkan</c>).</summary>
    public const string Vulkan = "vulkan";

    /// <summary>The CUDA build, which also carries every CPU backend (<c>Benny.Engines.Gguf.Runtime.Cuda</c>).</summary>
    public const string Cuda = "cuda";

    /// <summary>A folder the user named (option, environment variable, or libraries placed by hand): any build.</summary>
    public const string Custom = "custom";

    /// <summary>The system libraries a GPU build needs at run time, and what installs them.</summary>
    private static readonly Dictionary<string, (string[] Libraries, string Install)> SystemRequirements = new(StringComparer.Ordinal)
    {
        [Cuda] = (["libcuda.so.1", "libcudart.so.13", "libcublas.so.13"], "an NVIDIA driver and the CUDA 13 runtime with cuBLAS"),
        [Vulkan] = (["libvulkan.so.1"], "the Vulkan loader (Debian/Ubuntu: libvulkan1) and a Vulkan driver"),
    };

    /// <summary>
    /// The variants to try for a backend, best first. An explicit GPU backend takes its own build only. Auto and Cpu
    /// take a GPU build when its system libraries load (it serves the CPU too, and a later GPU model in the same
    /// process can then use it: natives load once per process), else the CPU build.
    /// </summary>
    /// <returns>Each variant with <see langword="null"/>, or with the reason it is skipped.</returns>
    public static IReadOnlyList<(string Variant, string? SkipReason)> Order(GgufBackend backend, Func<string, bool> systemLibraryLoads) => backend switch
    {
        GgufBackend.Vulkan => [(Vulkan, null)],
        GgufBackend.Cuda => [(Cuda, null)],
        GgufBackend.Hip => [],
        _ => [(Cuda, MissingSystemLibrary(Cuda, systemLibraryLoads)), (Vulkan, MissingSystemLibrary(Vulkan, systemLibraryLoads)), (Cpu, null)],
    };

    /// <summary>Whether natives of <paramref name="loadedVariant"/> can serve <paramref name="backend"/>.</summary>
    public static bool Serves(string loadedVariant, GgufBackend backend) => loadedVariant switch
    {
        Custom => true, // unknown build: the device plan says whether it has the backend
        Cpu => backend is GgufBackend.Auto or GgufBackend.Cpu,
        Vulkan => backend is GgufBackend.Auto or GgufBackend.Cpu or GgufBackend.Vulkan,
        Cuda => backend is GgufBackend.Auto or GgufBackend.Cpu or GgufBackend.Cuda,
        _ => false,
    };

    /// <summary>The runtime package that carries the natives for a backend, or <see langword="null"/> when none does.</summary>
    public static string? PackageFor(GgufBackend backend) => backend switch
    {
        GgufBackend.Vulkan => "Benny.Engines.Gguf.Runtime.Vulkan",
        GgufBackend.Cuda => "Benny.Engines.Gguf.Runtime.Cuda",
        GgufBackend.Hip => null,
        _ => "Benny.Engines.Gguf.Runtime.Cpu",
    };

    private static string? MissingSystemLibrary(string variant, Func<string, bool> systemLibraryLoads)
    {
        (string[] libraries, string install) = SystemRequirements[variant];
        string? missing = libraries.FirstOrDefault(l => !systemLibraryLoads(l));
        return missing is null ? null : $"skipped: {missing} is not installed (needs {install})";
    }
}
