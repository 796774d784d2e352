using System.Diagnostics;
using System.Runtime.InteropServices;
using Benny.Engines.OpenVino.Native;

namespace Benny.Engines.OpenVino.Tests.Native;

/// <summary>
/// Builds the C stand-in (StandIn/openvino_genai_standin.c) once per test process and loads it through the real
/// resolver (<see cref="OpenVinoNativeLibrary.EnsureLoaded"/> with its folder), then binds the stand-in's scripting
/// functions. Native libraries cannot be unloaded, so this happens once: every test shares the one library.
/// </summary>
internal static partial class StandInLibrary
{
    private const string ScriptLibrary = "openvino_genai_standin_script";

    private static readonly Lazy<OpenVinoNativeDiagnostics> Loaded = new(BuildAndLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the folder holding the built stand-in.</summary>
    public static string Folder => Loaded.Value.Directory;

    /// <summary>Builds (first call) and loads the stand-in; returns the resolver's diagnostics.</summary>
    public static OpenVinoNativeDiagnostics EnsureLoaded() => Loaded.Value;

    private static OpenVinoNativeDiagnostics BuildAndLoad()
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Native", "StandIn", "openvino_genai_standin.c");
        string folder = Path.Combine(Path.GetTempPath(), "benny-openvino-standin-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string library = Path.Combine(folder, "libopenvino_genai_c.so");

        string compiler = Environment.GetEnvironmentVariable("CC") is { Length: > 0 } cc ? cc : "cc";
        var start = new ProcessStartInfo(compiler)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-shared", "-fPIC", "-fvisibility=default", "-O1", "-Wall", "-o", library, source })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"'{compiler}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"The OpenVINO stand-in tests compile a small C library at test time, but no C compiler '{compiler}' was found. Install one (Debian/Ubuntu: 'sudo apt-get install gcc'; Fedora: 'sudo dnf install gcc') or set CC.", ex);
        }

        using (process)
        {
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"Compiling the stand-in failed ({compiler} exit {process.ExitCode}):{Environment.NewLine}{output}");
            }
        }

        // In the real runtime ov_get_last_err_msg lives in libopenvino_c.so; the stand-in exports it from the same file.
        File.CreateSymbolicLink(Path.Combine(folder, "libopenvino_c.so"), library);

        OpenVinoNativeDiagnostics diagnostics = OpenVinoNativeLibrary.EnsureLoaded(folder);

        // The scripting functions are imported by this assembly under their own logical name, mapped to the same file
        // (dlopen returns the already-loaded library, so the state is shared with what the binding calls).
        nint handle = NativeLibrary.Load(library);
        NativeLibrary.SetDllImportResolver(typeof(StandInLibrary).Assembly, (name, _, _) => name == ScriptLibrary ? handle : 0);
        return diagnostics;
    }

    /// <summary>Clears the script, the recorded values and the counters.</summary>
    public static void Reset()
    {
        EnsureLoaded();
        standin_reset();
    }

    public static void PushPiece(string piece) => standin_push_piece(piece);

    public static void FailNext(string function, int status, string message) => standin_fail_next(function, status, message);

    public static long LiveObjects => standin_live_objects();

    public static long DoubleFrees => standin_double_frees();

    public static string? LastModelsPath => standin_last_models_path();

    public static string? LastDevice => standin_last_device();

    public static long LastPropertyCount => standin_last_property_count();

    public static string? LastProperty(int index) => standin_last_property(index);

    public static string? LastPromptJson => standin_last_prompt_json();

    public static string? LastInputs => standin_last_inputs();

    public static long Emitted => standin_emitted();

    public static int LastStreamStatus => standin_last_stream_status();

    public static int GetStringCalls => standin_get_string_calls();

    public static int ChatDepth => standin_chat_depth();

    public static bool LastConfigPresent => standin_last_config_present() != 0;

    public static bool LastConfigIsSet(string name) => standin_last_config_is_set(name) != 0;

    public static ulong LastConfigU64(string name) => standin_last_config_u64(name);

    public static float LastConfigFloat(string name) => standin_last_config_float(name);

    public static string LastConfigStopStrings => standin_last_config_stop_strings() ?? "";

    public static bool LastConfigValidated => standin_last_config_validated() != 0;

    [LibraryImport(ScriptLibrary)]
    private static partial void standin_reset();

    [LibraryImport(ScriptLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial void standin_push_piece(string piece);

    [LibraryImport(ScriptLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial void standin_fail_next(string function, int status, string message);

    [LibraryImport(ScriptLibrary)]
    private static partial long standin_live_objects();

    [LibraryImport(ScriptLibrary)]
    private static partial long standin_double_frees();

    // The returned strings are owned by the stand-in: read as pointers and copied, never freed here.
    private static string? standin_last_models_path() => Marshal.PtrToStringUTF8(Raw.standin_last_models_path());

    private static string? standin_last_device() => Marshal.PtrToStringUTF8(Raw.standin_last_device());

    private static long standin_last_property_count() => Raw.standin_last_property_count();

    private static string? standin_last_property(int index) => Marshal.PtrToStringUTF8(Raw.standin_last_property(index));

    private static string? standin_last_prompt_json() => Marshal.PtrToStringUTF8(Raw.standin_last_prompt_json());

    private static string? standin_last_inputs() => Marshal.PtrToStringUTF8(Raw.standin_last_inputs());

    private static string? standin_last_config_stop_strings() => Marshal.PtrToStringUTF8(Raw.standin_last_config_stop_strings());

    [LibraryImport(ScriptLibrary)]
    private static partial long standin_emitted();

    [LibraryImport(ScriptLibrary)]
    private static partial int standin_last_stream_status();

    [LibraryImport(ScriptLibrary)]
    private static partial int standin_get_string_calls();

    [LibraryImport(ScriptLibrary)]
    private static partial int standin_chat_depth();

    [LibraryImport(ScriptLibrary)]
    private static partial int standin_last_config_present();

    [LibraryImport(ScriptLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int standin_last_config_is_set(string name);

    [LibraryImport(ScriptLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial ulong standin_last_config_u64(string name);

    [LibraryImport(ScriptLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial float standin_last_config_float(string name);

    [LibraryImport(ScriptLibrary)]
    private static partial int standin_last_config_validated();

    /// <summary>Imports returning <c>const char*</c> owned by the stand-in (read as pointers, copied by the caller).</summary>
    private static partial class Raw
    {
        [LibraryImport(ScriptLibrary)]
        internal static partial nint standin_last_models_path();

        [LibraryImport(ScriptLibrary)]
        internal static partial nint standin_last_device();

        [LibraryImport(ScriptLibrary)]
        internal static partial long standin_last_property_count();

        [LibraryImport(ScriptLibrary)]
        internal static partial nint standin_last_property(int index);

        [LibraryImport(ScriptLibrary)]
        internal static partial nint standin_last_prompt_json();

        [LibraryImport(ScriptLibrary)]
        internal static partial nint standin_last_inputs();

        [LibraryImport(ScriptLibrary)]
        internal static partial nint standin_last_config_stop_strings();
    }
}
