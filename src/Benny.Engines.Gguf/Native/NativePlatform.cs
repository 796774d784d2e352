using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// The platform facts the resolver needs: the runtime identifier of this process and how the platform names the
/// llama.cpp libraries (<c>libllama.so</c>, <c>libllama.dylib</c>, <c>llama.dll</c>).
/// </summary>
/// <param name="Rid">The portable runtime identifier, such as <c>linux-x64</c>.</param>
/// <param name="Prefix">The file-name prefix of a shared library (<c>lib</c>, or empty on Windows).</param>
/// <param name="Extension">The file-name extension of a shared library (<c>.so</c>, <c>.dylib</c>, <c>.dll</c>).</param>
internal sealed record NativePlatform(string Rid, string Prefix, string Extension)
{
    /// <summary>The runtime identifiers the <c>Benny.Engines.Gguf.Runtime.*</c> packages carry natives for.</summary>
    public static readonly IReadOnlyList<string> PackagedRids = ["linux-x64", "linux-arm64"];

    /// <summary>Gets the platform of this process.</summary>
    public static NativePlatform Current { get; } = Create(
        OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : OperatingSystem.IsLinux() ? "linux" : RuntimeInformation.OSDescription,
        RuntimeInformation.ProcessArchitecture);

    /// <summary>Gets whether a runtime package carries natives for this platform.</summary>
    public bool HasPackagedBuild => PackagedRids.Contains(Rid);

    /// <summary>The platform of an operating system (<c>linux</c>, <c>win</c>, <c>osx</c>) and process architecture.</summary>
    public static NativePlatform Create(string os, Architecture architecture)
    {
        string rid = os + "-" + architecture.ToString().ToLowerInvariant();
        return os switch
        {
            "win" => new NativePlatform(rid, "", ".dll"),
            "osx" => new NativePlatform(rid, "lib", ".dylib"),
            _ => new NativePlatform(rid, "lib", ".so"),
        };
    }

    /// <summary>The file name of a library without a release tag: <c>FileName("ggml-base")</c> is <c>libggml-base.so</c> on Linux.</summary>
    public string FileName(string stem) => Prefix + stem + Extension;

    /// <summary>
    /// Finds a library that may carry a release tag: <c>libllama.so</c>, or a tagged build such as
    /// <c>libllama.v0.5.0.so</c> or <c>libllama.vulkan.v0.5.0.so</c> (never <c>libllama-common.so</c>).
    /// </summary>
    /// <returns>The path, or <see langword="null"/> when the folder holds none.</returns>
    public string? FindTagged(string directory, string stem)
    {
        string plain = Path.Combine(directory, FileName(stem));
        if (File.Exists(plain))
        {
            return plain;
        }

        return Directory.EnumerateFiles(directory, Prefix + stem + ".*" + Extension)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>How a tagged library is described in messages: <c>libllama[.tag].so</c>.</summary>
    public string TaggedDisplayName(string stem) => Prefix + stem + "[.tag]" + Extension;
}
