using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Finds, loads and checks the pinned llama.cpp libraries, once per process, and routes native logs to
/// <see cref="ILogger"/>. Nothing loads until <see cref="EnsureLoaded"/> is called (never from a static
/// constructor, so a failure is an ordinary exception that a later call with a fixed setting can retry).
/// </summary>
/// <remarks>
/// Search order: the configured folder (<see cref="GgufEngineOptions.NativeLibraryDirectory"/>), then
/// <c>BENNY_LLAMA_NATIVE_DIR</c> (each alone: an explicit folder is a decision, not a hint), then the runtime
/// packages' folders <c>runtimes/&lt;rid&gt;/native/{cuda,vulkan,cpu}</c> beside the application (in the order
/// <see cref="NativeVariant.Order"/> gives for the backend), then libraries placed by hand in
/// <c>runtimes/&lt;rid&gt;/native</c>, then the repository's <c>build/natives/&lt;rid&gt;/{cuda,vulkan,cpu}</c> found by
/// walking up from the application folder (development). Native libraries cannot be unloaded, so the first
/// folder that loads stays for the life of the process. A library of another llama.cpp release is refused
/// before any binding uses it.
/// </remarks>
internal static unsafe class LlamaNativeLibrary
{
    /// <summary>The environment variable naming a folder with the natives.</summary>
    public const string DirectoryEnvironmentVariable = "BENNY_LLAMA_NATIVE_DIR";

    private static readonly object Gate = new();
    private static readonly Dictionary<string, nint> Handles = new(StringComparer.Ordinal);
    private static GgufNativeDiagnostics? s_loaded;
    private static bool s_resolverSet;
    private static ILogger? s_logger;
    private static readonly StringBuilder PendingLogLine = new();
    private static Microsoft.Extensions.Logging.LogLevel s_pendingLevel;

    /// <summary>Gets the diagnostics of the loaded natives, or <see langword="null"/> before the first successful load.</summary>
    public static GgufNativeDiagnostics? Loaded => Volatile.Read(ref s_loaded);

    /// <summary>Loads the natives (first call) and returns what was searched and loaded.</summary>
    /// <param name="configuredDirectory">The folder from the options, searched first.</param>
    /// <param name="logger">Receives llama.cpp's own log lines (process-wide: the last logger given wins).</param>
    /// <param name="backend">The backend the model asks for: it picks the runtime package's build (CPU, Vulkan, CUDA).</param>
    /// <exception cref="DllNotFoundException">No folder holds loadable natives; the message lists each path searched and why it failed, and what to install.</exception>
    /// <exception cref="InvalidOperationException">The natives are not the pinned release, a different folder was configured after another one loaded, or the loaded build cannot serve <paramref name="backend"/>.</exception>
    public static GgufNativeDiagnostics EnsureLoaded(string? configuredDirectory, ILogger? logger, GgufBackend backend = GgufBackend.Auto)
    {
        if (logger is not null)
        {
            Volatile.Write(ref s_logger, logger);
        }

        lock (Gate)
        {
            if (s_loaded is { } loaded)
            {
                if (configuredDirectory is not null && !SameDirectory(configuredDirectory, loaded.Directory))
                {
                    throw new InvalidOperationException(
                        $"The llama.cpp natives were already loaded from '{loaded.Directory}'; a process can load them from one folder only, so NativeLibraryDirectory '{configuredDirectory}' cannot be used. Use one folder for every GGUF engine in the process.");
                }

                if (configuredDirectory is null && !NativeVariant.Serves(loaded.Variant, backend))
                {
                    throw new InvalidOperationException(
                        $"Backend {backend} was requested, but an earlier model loaded the {loaded.Variant} build of llama.cpp ('{loaded.Directory}'), and a process can load one build only. "
                        + $"Load the {backend} model first (Auto and Cpu models run on a GPU build too), or give every model in the process the same Backend.");
                }

                return loaded;
            }

            NativePlatform platform = NativePlatform.Current;
            var searched = new List<string>();
            foreach (NativeCandidate candidate in Candidates(configuredDirectory, Environment.GetEnvironmentVariable(DirectoryEnvironmentVariable), AppContext.BaseDirectory, platform, backend, SystemLibraryLoads))
            {
                if (candidate.SkipReason is { } skipped)
                {
                    searched.Add($"{candidate.Directory} ({candidate.Source}): {skipped}");
                    continue;
                }

                string? problem = TryLoadFrom(candidate.Directory, platform, out LoadedLibraries? libraries);
                searched.Add($"{candidate.Directory} ({candidate.Source}): {problem ?? "loaded"}");
                if (libraries is not null)
                {
                    if (CheckVersion(libraries.Llama.Handle, candidate.Directory) is { } mismatch)
                    {
                        libraries.Free();
                        throw new InvalidOperationException(mismatch);
                    }

                    foreach ((string name, (string _, nint handle)) in libraries.ByName)
                    {
                        Handles[name] = handle;
                    }

                    s_loaded = Initialize(candidate, libraries, searched);
                    return s_loaded;
                }
            }

            throw NotFound(searched, platform, backend);
        }
    }

    /// <summary>The folders to search, in order, each with where the setting came from and the build it holds.</summary>
    /// <param name="configuredDirectory">The folder from the options.</param>
    /// <param name="environmentDirectory">The value of <c>BENNY_LLAMA_NATIVE_DIR</c>.</param>
    /// <param name="appDirectory">The application folder.</param>
    /// <param name="platform">The platform (its RID names the folders).</param>
    /// <param name="backend">The backend asked for (orders the builds).</param>
    /// <param name="systemLibraryLoads">Whether a system library (such as <c>libvulkan.so.1</c>) can be loaded.</param>
    internal static IEnumerable<NativeCandidate> Candidates(
        string? configuredDirectory, string? environmentDirectory, string appDirectory, NativePlatform platform, GgufBackend backend, Func<string, bool> systemLibraryLoads)
    {
        if (configuredDirectory is not null)
        {
            yield return new NativeCandidate(Path.GetFullPath(configuredDirectory), "GgufEngineOptions.NativeLibraryDirectory", NativeVariant.Custom, null);
            yield break;
        }

        if (environmentDirectory is { Length: > 0 })
        {
            yield return new NativeCandidate(Path.GetFullPath(environmentDirectory), DirectoryEnvironmentVariable, NativeVariant.Custom, null);
            yield break;
        }

        IReadOnlyList<(string Variant, string? SkipReason)> order = NativeVariant.Order(backend, systemLibraryLoads);
        string beside = Path.Combine(appDirectory, "runtimes", platform.Rid, "native");
        foreach ((string variant, string? skip) in order)
        {
            string folder = Path.Combine(beside, variant);
            yield return new NativeCandidate(folder, "runtime package, beside the application", variant, Directory.Exists(folder) ? skip : null);
        }

        yield return new NativeCandidate(beside, "beside the application", NativeVariant.Custom, null);

        for (DirectoryInfo? folder = new(appDirectory); folder is not null; folder = folder.Parent)
        {
            string natives = Path.Combine(folder.FullName, "build", "natives", platform.Rid);
            if (Directory.Exists(natives))
            {
                foreach ((string variant, string? skip) in order)
                {
                    string variantFolder = Path.Combine(natives, variant);
                    yield return new NativeCandidate(variantFolder, "repository build output", variant, Directory.Exists(variantFolder) ? skip : null);
                }

                yield break;
            }
        }
    }

    /// <summary>The error for "no folder worked": the RID, every path searched with its outcome, and what to do on this platform.</summary>
    internal static DllNotFoundException NotFound(IReadOnlyList<string> searched, NativePlatform platform, GgufBackend backend)
    {
        string libraries = $"{platform.TaggedDisplayName("llama")}, {platform.TaggedDisplayName("ggml")} and {platform.FileName("ggml-base")}";
        string fix;
        if (!platform.HasPackagedBuild)
        {
            fix = $"No packaged build of llama.cpp v0.5.0 exists for {platform.Rid}: the Benny.Engines.Gguf.Runtime.* packages carry {string.Join(" and ", NativePlatform.PackagedRids)} only. "
                + $"Build llama.cpp v0.5.0 (source commit {LlamaLibraryNames.SourceCommit}) as shared libraries and set GgufEngineOptions.NativeLibraryDirectory or {DirectoryEnvironmentVariable} to the folder holding {libraries}.";
        }
        else if (NativeVariant.PackageFor(backend) is not { } package || (backend != GgufBackend.Auto && backend != GgufBackend.Cpu && platform.Rid != "linux-x64"))
        {
            fix = $"No runtime package carries a {backend} build for {platform.Rid}. Build llama.cpp v0.5.0 (source commit {LlamaLibraryNames.SourceCommit}) with that backend as shared libraries and set GgufEngineOptions.NativeLibraryDirectory or {DirectoryEnvironmentVariable} to the folder holding {libraries}.";
        }
        else
        {
            fix = $"Add the runtime package to the application: 'dotnet add package {package}'"
                + (backend is GgufBackend.Auto or GgufBackend.Cpu && platform.Rid == "linux-x64" ? " (or Benny.Engines.Gguf.Runtime.Vulkan / .Cuda for a GPU)" : "")
                + $". Or set GgufEngineOptions.NativeLibraryDirectory or {DirectoryEnvironmentVariable} to a folder holding {libraries}; in a clone of the repository, 'bash build/llama-natives.sh' (run by the build) fetches them.";
        }

        return new DllNotFoundException(
            $"The llama.cpp natives (llama.cpp v0.5.0, {platform.Rid}, backend {backend}) were not found. Searched:{Environment.NewLine}  "
            + string.Join(Environment.NewLine + "  ", searched) + Environment.NewLine
            + "Fix: " + fix + " docs/packaging.md explains each option.");
    }

    /// <summary>The error for a library of another llama.cpp release (or another wrapper's natives).</summary>
    /// <param name="directory">The folder the library came from.</param>
    /// <param name="version">What <c>llama_version()</c> returned, or <see langword="null"/> when the library does not export it.</param>
    internal static string VersionMismatch(string directory, string? version)
        => $"The llama.cpp natives in '{directory}' "
            + (version is null
                ? "do not export llama_version(), so they are not the llama.cpp release Benny.Engines.Gguf is bound to (another wrapper's natives, such as LLamaSharp's, or another llama.cpp build)"
                : $"report version '{version}', but Benny.Engines.Gguf is bound to '{LlamaLibraryNames.PinnedVersion}'")
            + $". The bindings match llama.cpp v0.5.0 ('{LlamaLibraryNames.PinnedVersion}', source commit {LlamaLibraryNames.SourceCommit}, as built by node-llama-cpp 3.22.1); struct layouts and functions differ between releases, so other versions are refused. "
            + "Use the Benny.Engines.Gguf.Runtime.Cpu/.Vulkan/.Cuda packages, or point NativeLibraryDirectory at a build of that release (docs/packaging.md).";

    /// <summary>Checks that a loaded libllama is the pinned release, without binding anything to it.</summary>
    /// <param name="llamaHandle">The handle of the loaded libllama.</param>
    /// <param name="directory">Its folder, for the message.</param>
    /// <returns><see langword="null"/> for the pinned release, else the <see cref="VersionMismatch"/> message.</returns>
    internal static string? CheckVersion(nint llamaHandle, string directory)
    {
        if (!NativeLibrary.TryGetExport(llamaHandle, "llama_version", out nint export))
        {
            return VersionMismatch(directory, null);
        }

        string version = Marshal.PtrToStringUTF8((nint)((delegate* unmanaged[Cdecl]<byte*>)export)()) ?? "";
        return version == LlamaLibraryNames.PinnedVersion ? null : VersionMismatch(directory, version);
    }

    /// <summary>Loads libggml-base, libggml and libllama from <paramref name="directory"/>, in dependency order, without binding them.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="platform">The platform (file names).</param>
    /// <param name="libraries">The loaded set; <see langword="null"/> when something is missing or did not load.</param>
    /// <returns><see langword="null"/> on success, else what went wrong.</returns>
    internal static string? TryLoadFrom(string directory, NativePlatform platform, out LoadedLibraries? libraries)
    {
        libraries = null;
        if (!Directory.Exists(directory))
        {
            return "no such folder";
        }

        string? llama = platform.FindTagged(directory, "llama");
        string? ggml = platform.FindTagged(directory, "ggml");
        string ggmlBase = Path.Combine(directory, platform.FileName("ggml-base"));
        if (llama is null || ggml is null || !File.Exists(ggmlBase))
        {
            return "missing " + string.Join(", ", new[]
            {
                llama is null ? platform.TaggedDisplayName("llama") : null,
                ggml is null ? platform.TaggedDisplayName("ggml") : null,
                File.Exists(ggmlBase) ? null : platform.FileName("ggml-base"),
            }.OfType<string>());
        }

        var loaded = new LoadedLibraries();
        foreach ((string name, string file) in new[] { (LlamaLibraryNames.GgmlBase, ggmlBase), (LlamaLibraryNames.Ggml, ggml), (LlamaLibraryNames.Llama, llama) })
        {
            if (!NativeLibrary.TryLoad(file, out nint handle))
            {
                loaded.Free(); // do not keep half a set loaded while the next folder is tried
                return $"{Path.GetFileName(file)} exists but did not load (a missing system library such as libstdc++.so.6 or libgomp.so.1, or a different CPU architecture; try 'ldd {file}')";
            }

            loaded.ByName[name] = (file, handle);
        }

        libraries = loaded;
        return null;
    }

    /// <inheritdoc cref="TryLoadFrom(string, NativePlatform, out LoadedLibraries?)"/>
    internal static string? TryLoadFrom(string directory, out LoadedLibraries? libraries)
        => TryLoadFrom(directory, NativePlatform.Current, out libraries);

    private static bool SystemLibraryLoads(string name)
    {
        if (!NativeLibrary.TryLoad(name, out nint handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }

    private static GgufNativeDiagnostics Initialize(NativeCandidate candidate, LoadedLibraries libraries, List<string> searched)
    {
        if (!s_resolverSet)
        {
            NativeLibrary.SetDllImportResolver(typeof(LlamaNativeLibrary).Assembly, Resolve);
            s_resolverSet = true;
        }

        string version = Interop.LlamaVersion();
        Interop.SetLogCallback(&OnNativeLog);
        Interop.LoadAllBackends(candidate.Directory);
        Interop.BackendInit();

        return new GgufNativeDiagnostics(
            candidate.Directory,
            version,
            searched,
            libraries.ByName.Values.Select(l => Path.GetFileName(l.File)).ToArray(),
            Interop.BackendNames(),
            Interop.Devices(),
            Interop.SupportsGpuOffload(),
            Interop.SystemInfo().Trim())
        {
            Variant = candidate.Variant,
            Platform = NativePlatform.Current.Rid,
        };
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        => Handles.TryGetValue(libraryName, out nint handle) ? handle : 0;

    private static bool SameDirectory(string a, string b)
        => string.Equals(Path.GetFullPath(a).TrimEnd('/'), Path.GetFullPath(b).TrimEnd('/'), StringComparison.Ordinal);

    /// <summary>llama.cpp's log callback: buffers fragments until a newline, then writes one log entry. Never throws.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnNativeLog(int level, byte* text, void* userData)
    {
        try
        {
            string fragment = Marshal.PtrToStringUTF8((nint)text) ?? "";
            lock (PendingLogLine)
            {
                if (level != 5)
                {
                    // A new entry (level 5 = GGML_LOG_LEVEL_CONT continues the previous one).
                    s_pendingLevel = level switch
                    {
                        1 => Microsoft.Extensions.Logging.LogLevel.Debug,
                        2 => Microsoft.Extensions.Logging.LogLevel.Debug, // llama.cpp is chatty at INFO: keep it out of Information
                        3 => Microsoft.Extensions.Logging.LogLevel.Warning,
                        4 => Microsoft.Extensions.Logging.LogLevel.Error,
                        _ => Microsoft.Extensions.Logging.LogLevel.Trace,
                    };
                }

                PendingLogLine.Append(fragment);
                int newline;
                while ((newline = IndexOfNewline(PendingLogLine)) >= 0)
                {
                    string line = PendingLogLine.ToString(0, newline).TrimEnd('\r');
                    PendingLogLine.Remove(0, newline + 1);
                    Microsoft.Extensions.Logging.LogLevel lineLevel = NativeLogPolicy.Adjust(s_pendingLevel, line);
                    if (line.Length > 0 && Volatile.Read(ref s_logger) is { } logger && logger.IsEnabled(lineLevel))
                    {
                        NativeLog.Line(logger, lineLevel, line);
                    }
                }
            }
        }
#pragma warning disable CA1031 // No exception may cross back into native code; a lost log line is the lesser harm.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static int IndexOfNewline(StringBuilder builder)
    {
        for (int i = 0; i < builder.Length; i++)
        {
            if (builder[i] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
