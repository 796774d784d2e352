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
/// <c>BENNY_LLAMA_NATIVE_DIR</c>, then <c>runtimes/&lt;rid&gt;/native</c> beside the application, then the
/// repository's <c>build/natives/&lt;rid&gt;/{vulkan,cpu}</c> found by walking up from the application folder
/// (development). The Vulkan build is preferred there because it also carries every CPU backend.
/// Native libraries cannot be unloaded, so the first folder that loads stays for the life of the process.
/// </remarks>
internal static unsafe class LlamaNativeLibrary
{
    /// <summary>The environment variable naming a folder with the natives.</summary>
    public const string DirectoryEnvironmentVariable = "BENNY_LLAMA_NATIVE_DIR";

    private const string Rid = "linux-x64";
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
    /// <exception cref="DllNotFoundException">No folder holds loadable natives; the message lists each path searched and why it failed, and what to install.</exception>
    /// <exception cref="InvalidOperationException">The natives are not the pinned release, or a different folder was configured after another one loaded.</exception>
    public static GgufNativeDiagnostics EnsureLoaded(string? configuredDirectory, ILogger? logger)
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

                return loaded;
            }

            var searched = new List<string>();
            foreach ((string candidate, string source) in Candidates(configuredDirectory))
            {
                string? problem = TryLoadFrom(candidate, out Dictionary<string, string> files);
                searched.Add($"{candidate} ({source}): {problem ?? "loaded"}");
                if (problem is null)
                {
                    s_loaded = Initialize(candidate, files, searched);
                    return s_loaded;
                }
            }

            throw NotFound(searched);
        }
    }

    /// <summary>The error for "no folder worked": the RID, every path searched with its outcome, and what to do.</summary>
    internal static DllNotFoundException NotFound(IReadOnlyList<string> searched) => new(
        $"The llama.cpp natives (libllama.v0.5.0.so of llama.cpp v0.5.0, {Rid}) were not found. Searched:{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", searched) + Environment.NewLine
        + "Fix: in a clone of the repository run 'bash build/llama-natives.sh' (or build once, which runs it); elsewhere set "
        + $"GgufEngineOptions.NativeLibraryDirectory or {DirectoryEnvironmentVariable} to a folder holding libllama*.so, libggml*.so and libggml-base.so, "
        + $"or ship them in runtimes/{Rid}/native beside the application. docs/engines/gguf.md explains each option.");

    private static IEnumerable<(string Directory, string Source)> Candidates(string? configuredDirectory)
    {
        if (configuredDirectory is not null)
        {
            yield return (Path.GetFullPath(configuredDirectory), "GgufEngineOptions.NativeLibraryDirectory");
            yield break; // an explicit folder is a decision, not a hint: never fall back silently
        }

        if (Environment.GetEnvironmentVariable(DirectoryEnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            yield return (Path.GetFullPath(fromEnvironment), DirectoryEnvironmentVariable);
            yield break;
        }

        string appDirectory = AppContext.BaseDirectory;
        yield return (Path.Combine(appDirectory, "runtimes", Rid, "native"), "beside the application");

        for (DirectoryInfo? folder = new(appDirectory); folder is not null; folder = folder.Parent)
        {
            string natives = Path.Combine(folder.FullName, "build", "natives", Rid);
            if (Directory.Exists(natives))
            {
                yield return (Path.Combine(natives, "vulkan"), "repository build output");
                yield return (Path.Combine(natives, "cpu"), "repository build output");
                yield break;
            }
        }
    }

    /// <summary>Maps each logical library to its file in <paramref name="directory"/> and loads them in dependency order.</summary>
    internal static string? TryLoadFrom(string directory, out Dictionary<string, string> files)
    {
        files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return "no such folder";
        }

        string? llama = FindOne(directory, "libllama.*v*.so", exclude: "libllama-common");
        string? ggml = FindOne(directory, "libggml.*v*.so", exclude: null);
        string ggmlBase = Path.Combine(directory, "libggml-base.so");
        if (llama is null || ggml is null || !File.Exists(ggmlBase))
        {
            return "missing " + string.Join(", ", new[] { llama is null ? "libllama.v*.so" : null, ggml is null ? "libggml.v*.so" : null, File.Exists(ggmlBase) ? null : "libggml-base.so" }.OfType<string>());
        }

        var loaded = new Dictionary<string, nint>(StringComparer.Ordinal);
        foreach ((string name, string file) in new[] { (LlamaLibraryNames.GgmlBase, ggmlBase), (LlamaLibraryNames.Ggml, ggml), (LlamaLibraryNames.Llama, llama) })
        {
            if (!NativeLibrary.TryLoad(file, out nint handle))
            {
                foreach (nint partial in loaded.Values)
                {
                    NativeLibrary.Free(partial); // do not keep half a set loaded while the next folder is tried
                }

                files.Clear();
                return $"{Path.GetFileName(file)} exists but did not load (a missing system library such as libstdc++.so.6 or libgomp.so.1, or a different CPU architecture; try 'ldd {file}')";
            }

            loaded[name] = handle;
            files[name] = file;
        }

        foreach ((string name, nint handle) in loaded)
        {
            Handles[name] = handle;
        }

        return null;
    }

    private static string? FindOne(string directory, string pattern, string? exclude)
        => Directory.EnumerateFiles(directory, pattern)
            .Where(f => exclude is null || !Path.GetFileName(f).StartsWith(exclude, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();

    private static GgufNativeDiagnostics Initialize(string directory, Dictionary<string, string> files, List<string> searched)
    {
        if (!s_resolverSet)
        {
            NativeLibrary.SetDllImportResolver(typeof(LlamaNativeLibrary).Assembly, Resolve);
            s_resolverSet = true;
        }

        string version = Interop.LlamaVersion();
        if (version != LlamaLibraryNames.PinnedVersion)
        {
            throw new InvalidOperationException(
                $"The llama.cpp natives in '{directory}' report version '{version}', but Benny.Engines.Gguf is bound to '{LlamaLibraryNames.PinnedVersion}' (llama.cpp v0.5.0, npm @node-llama-cpp/linux-x64@3.22.1). "
                + "Struct layouts differ between releases, so other versions are refused. Install the pinned build (bash build/llama-natives.sh) or point NativeLibraryDirectory at it.");
        }

        Interop.SetLogCallback(&OnNativeLog);
        Interop.LoadAllBackends(directory);
        Interop.BackendInit();

        return new GgufNativeDiagnostics(
            directory,
            version,
            searched,
            files.Values.Select(Path.GetFileName).OfType<string>().ToArray(),
            Interop.BackendNames(),
            Interop.Devices(),
            Interop.SupportsGpuOffload(),
            Interop.SystemInfo().Trim());
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
                    if (line.Length > 0 && Volatile.Read(ref s_logger) is { } logger && logger.IsEnabled(s_pendingLevel))
                    {
                        NativeLog.Line(logger, s_pendingLevel, line);
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
