using System.Reflection;
using System.Runtime.InteropServices;

namespace Benny.Engines.OpenVino.Native;

/// <summary>
/// Finds and loads the OpenVINO GenAI C library and the OpenVINO core C library, once per process, and maps the
/// logical import names to them. Nothing loads until <see cref="EnsureLoaded"/> is called (never from a static
/// constructor, so a failure is an ordinary exception that a later call with a fixed setting can retry).
/// </summary>
/// <remarks>
/// Search order: the configured folder (<c>OpenVinoEngineOptions.NativeLibraryDirectory</c>) alone when given; else
/// <c>BENNY_OPENVINO_DIR</c> alone when set (an explicit folder is a decision, not a hint: no silent fallback); else the
/// standard install locations (<c>/opt/intel/openvino*/runtime/lib/intel64</c>, <c>/usr/lib/x86_64-linux-gnu</c>,
/// <c>/usr/local/lib</c>) and then <c>runtimes/linux-x64/native</c> beside the application. A folder is used when it
/// holds <c>libopenvino_genai_c.so*</c> and <c>libopenvino_c.so*</c> that load. Native libraries cannot be unloaded,
/// so the first folder that loads stays for the life of the process.
/// </remarks>
internal static class OpenVinoNativeLibrary
{
    /// <summary>The environment variable naming a folder with the natives.</summary>
    public const string DirectoryEnvironmentVariable = "BENNY_OPENVINO_DIR";

    private const string Rid = "linux-x64";
    private static readonly object Gate = new();
    private static readonly Dictionary<string, nint> Handles = new(StringComparer.Ordinal);
    private static OpenVinoNativeDiagnostics? s_loaded;
    private static bool s_resolverSet;

    /// <summary>Gets the diagnostics of the loaded natives, or <see langword="null"/> before the first successful load.</summary>
    public static OpenVinoNativeDiagnostics? Loaded => Volatile.Read(ref s_loaded);

    /// <summary>Loads the natives (first call) and returns what was searched and loaded.</summary>
    /// <param name="configuredDirectory">The folder from the options, searched alone when given (tests pass the stand-in's folder here).</param>
    /// <returns>The diagnostics.</returns>
    /// <exception cref="DllNotFoundException">No folder holds loadable natives; the message lists each path searched and why it failed, and what to install.</exception>
    /// <exception cref="InvalidOperationException">A different folder was configured after another one loaded.</exception>
    public static OpenVinoNativeDiagnostics EnsureLoaded(string? configuredDirectory)
    {
        lock (Gate)
        {
            if (s_loaded is { } loaded)
            {
                if (configuredDirectory is not null && !SameDirectory(configuredDirectory, loaded.Directory))
                {
                    throw new InvalidOperationException(
                        $"The OpenVINO GenAI natives were already loaded from '{loaded.Directory}'; a process can load them from one folder only, so NativeLibraryDirectory '{configuredDirectory}' cannot be used. Use one folder for every OpenVINO engine in the process.");
                }

                return loaded;
            }

            var searched = new List<string>();
            foreach ((string candidate, string source) in Candidates(configuredDirectory, Environment.GetEnvironmentVariable(DirectoryEnvironmentVariable), AppContext.BaseDirectory))
            {
                string? problem = TryLoadFrom(candidate, out Dictionary<string, string> files);
                searched.Add($"{candidate} ({source}): {problem ?? "loaded"}");
                if (problem is null)
                {
                    if (!s_resolverSet)
                    {
                        NativeLibrary.SetDllImportResolver(typeof(OpenVinoNativeLibrary).Assembly, Resolve);
                        s_resolverSet = true;
                    }

                    OpenVinoNativeDiagnostics diagnostics = new(candidate, searched, files);
                    Volatile.Write(ref s_loaded, diagnostics);
                    return diagnostics;
                }
            }

            throw NotFound(searched);
        }
    }

    /// <summary>Describes each candidate folder and what it lacks, without loading anything (for diagnostics and tests).</summary>
    /// <param name="configuredDirectory">The configured folder, or <see langword="null"/>.</param>
    /// <param name="environmentDirectory">The value of <c>BENNY_OPENVINO_DIR</c>, or <see langword="null"/>.</param>
    /// <param name="appDirectory">The application folder.</param>
    /// <returns>One line per candidate: path, source, and "found" or the problem.</returns>
    internal static IReadOnlyList<string> Probe(string? configuredDirectory, string? environmentDirectory, string appDirectory)
        => Candidates(configuredDirectory, environmentDirectory, appDirectory)
            .Select(c => $"{c.Directory} ({c.Source}): {FindFiles(c.Directory, out _) ?? "found"}")
            .ToArray();

    /// <summary>The error for "no folder worked": every path searched with its outcome, and what to install.</summary>
    /// <param name="searched">The lines from the search.</param>
    /// <returns>The exception.</returns>
    internal static DllNotFoundException NotFound(IReadOnlyList<string> searched) => new(
        $"The OpenVINO GenAI natives (libopenvino_genai_c.so and libopenvino_c.so of OpenVINO GenAI {OpenVinoLibraryNames.PinnedRelease}, {Rid}) were not found. Searched:{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", searched) + Environment.NewLine
        + $"Fix: install the runtime, either the OpenVINO GenAI archive for your distribution from Intel's storage (https://storage.openvinotoolkit.org/repositories/openvino_genai/packages/, "
        + $"unpacked to /opt/intel/openvino_{OpenVinoLibraryNames.PinnedRelease}) or 'pip install openvino-genai=={OpenVinoLibraryNames.PinnedRelease}'; then set OpenVinoEngineOptions.NativeLibraryDirectory or {DirectoryEnvironmentVariable} "
        + "to its libs folder (runtime/lib/intel64 in the archive; site-packages/openvino/libs and site-packages/openvino_genai for pip), "
        + $"or ship the libraries in runtimes/{Rid}/native beside the application. docs/engines/openvino.md explains each option.");

    /// <summary>The candidate folders, in search order.</summary>
    internal static IEnumerable<(string Directory, string Source)> Candidates(string? configuredDirectory, string? environmentDirectory, string appDirectory)
    {
        if (configuredDirectory is not null)
        {
            yield return (Path.GetFullPath(configuredDirectory), "OpenVinoEngineOptions.NativeLibraryDirectory");
            yield break;
        }

        if (environmentDirectory is { Length: > 0 })
        {
            yield return (Path.GetFullPath(environmentDirectory), DirectoryEnvironmentVariable);
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        const string IntelRoot = "/opt/intel";
        IEnumerable<string> intel = Directory.Exists(IntelRoot)
            ? Directory.EnumerateDirectories(IntelRoot, "openvino*").Order(StringComparer.Ordinal).Reverse() // newest version first
            : [];
        foreach (string root in intel.Append(Path.Combine(IntelRoot, "openvino")))
        {
            string folder = Path.Combine(root, "runtime", "lib", "intel64");
            if (seen.Add(folder))
            {
                yield return (folder, "standard install location");
            }
        }

        yield return ("/usr/lib/x86_64-linux-gnu", "standard install location");
        yield return ("/usr/local/lib", "standard install location");
        yield return (Path.Combine(appDirectory, "runtimes", Rid, "native"), "beside the application");
    }

    /// <summary>Finds the two libraries in <paramref name="directory"/>; returns the problem, or <see langword="null"/>.</summary>
    internal static string? FindFiles(string directory, out Dictionary<string, string> files)
    {
        files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return "no such folder";
        }

        string? core = FindOne(directory, "libopenvino_c.so");
        string? genAi = FindOne(directory, "libopenvino_genai_c.so");
        if (core is null || genAi is null)
        {
            return "missing " + string.Join(" and ", new[] { genAi is null ? "libopenvino_genai_c.so*" : null, core is null ? "libopenvino_c.so*" : null }.OfType<string>());
        }

        files[OpenVinoLibraryNames.Core] = core;
        files[OpenVinoLibraryNames.GenAi] = genAi;
        return null;
    }

    private static string? TryLoadFrom(string directory, out Dictionary<string, string> files)
    {
        if (FindFiles(directory, out files) is { } problem)
        {
            return problem;
        }

        var loaded = new Dictionary<string, nint>(StringComparer.Ordinal);
        foreach (string name in new[] { OpenVinoLibraryNames.Core, OpenVinoLibraryNames.GenAi })
        {
            string file = files[name];
            if (!NativeLibrary.TryLoad(file, out nint handle))
            {
                foreach (nint partial in loaded.Values)
                {
                    NativeLibrary.Free(partial); // do not keep half a set loaded while the next folder is tried
                }

                files.Clear();
                return $"{Path.GetFileName(file)} exists but did not load (a missing dependency such as libopenvino.so, libopenvino_genai.so, libopenvino_tokenizers.so or libtbb.so.12 in the same folder, or a different CPU architecture; try 'ldd {file}')";
            }

            loaded[name] = handle;
        }

        foreach ((string name, nint handle) in loaded)
        {
            Handles[name] = handle;
        }

        return null;
    }

    /// <summary>The exact name when present, else the shortest versioned one (<c>.so.2026.3.0</c> before <c>.so.2026.3.0.0</c>).</summary>
    private static string? FindOne(string directory, string name)
    {
        string exact = Path.Combine(directory, name);
        return File.Exists(exact)
            ? exact
            : Directory.EnumerateFiles(directory, name + ".*").OrderBy(f => f.Length).ThenBy(f => f, StringComparer.Ordinal).FirstOrDefault();
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        lock (Gate)
        {
            return Handles.TryGetValue(libraryName, out nint handle) ? handle : 0;
        }
    }

    private static bool SameDirectory(string a, string b)
        => string.Equals(Path.GetFullPath(a).TrimEnd('/'), Path.GetFullPath(b).TrimEnd('/'), StringComparison.Ordinal);
}
