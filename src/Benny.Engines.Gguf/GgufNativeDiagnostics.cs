using Benny.Engines.Gguf.Native;
using Microsoft.Extensions.Logging;

namespace Benny.Engines.Gguf;

/// <summary>What the GGUF engine found and loaded: the native folder, the llama.cpp version, backends and devices.</summary>
/// <param name="Directory">The folder the natives were loaded from.</param>
/// <param name="LlamaVersion">What <c>llama_version()</c> reports (<c>0.5.0-dev</c> for the pinned release).</param>
/// <param name="SearchedPaths">Each folder searched, where the setting came from, and the outcome.</param>
/// <param name="LoadedLibraries">The library files loaded (libggml-base, libggml, libllama).</param>
/// <param name="Backends">The ggml backends registered (<c>CPU</c>, <c>Vulkan</c>, <c>CUDA</c>, ...).</param>
/// <param name="Devices">The devices the backends report.</param>
/// <param name="SupportsGpuOffload">Whether a backend can offload layers to a GPU.</param>
/// <param name="SystemInfo">llama.cpp's system information line (CPU features per backend).</param>
public sealed record GgufNativeDiagnostics(
    string Directory,
    string LlamaVersion,
    IReadOnlyList<string> SearchedPaths,
    IReadOnlyList<string> LoadedLibraries,
    IReadOnlyList<string> Backends,
    IReadOnlyList<GgufDevice> Devices,
    bool SupportsGpuOffload,
    string SystemInfo)
{
    /// <summary>Gets the build that was loaded: <c>cpu</c>, <c>vulkan</c> or <c>cuda</c> (a runtime package's folder), or <c>custom</c> (a folder you named).</summary>
    /// <value>Which of the <c>Benny.Engines.Gguf.Runtime.*</c> builds serves the process; <c>custom</c> by default.</value>
    public string Variant { get; init; } = "custom";

    /// <summary>Gets the runtime identifier the natives were searched for, such as <c>linux-x64</c>.</summary>
    /// <value>The platform of the process; empty by default.</value>
    public string Platform { get; init; } = "";

    /// <summary>
    /// Loads the llama.cpp natives the GGUF engine uses, without loading a model, and describes them (what <c>benny doctor</c> shows).
    /// Natives load once per process: a later call, or a later model, gets the same build.
    /// </summary>
    /// <param name="nativeLibraryDirectory">A folder holding the natives (<see cref="GgufEngineOptions.NativeLibraryDirectory"/>); <see langword="null"/> searches as the engine does (<c>BENNY_LLAMA_NATIVE_DIR</c>, the runtime packages, the repository's <c>build/natives</c>).</param>
    /// <param name="backend">The backend the build must serve; <see cref="GgufBackend.Auto"/> takes the best build found.</param>
    /// <param name="logger">Receives llama.cpp's own log lines.</param>
    /// <returns>The natives that were loaded.</returns>
    /// <exception cref="DllNotFoundException">No folder holds loadable natives; the message lists each path searched and why it failed, and what to install.</exception>
    /// <exception cref="InvalidOperationException">The natives are not the pinned release, or another folder or build was loaded before.</exception>
    public static GgufNativeDiagnostics Load(string? nativeLibraryDirectory = null, GgufBackend backend = GgufBackend.Auto, ILogger? logger = null)
        => LlamaNativeLibrary.EnsureLoaded(nativeLibraryDirectory, logger, backend);

    /// <inheritdoc />
    public override string ToString()
        => $"llama.cpp {LlamaVersion} ({Variant} build, {Platform}) from {Directory}; backends: {string.Join(", ", Backends)}; devices: "
            + string.Join(", ", Devices.Select(d => $"{d.Name} ({d.Type}, {d.Description})"));
}
