using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>Process-wide llama.cpp / ggml functions: version, backend loading, devices, logging.</summary>
internal static unsafe partial class Interop
{
    /// <summary>The version string of the loaded libllama.</summary>
    public static string LlamaVersion() => Marshal.PtrToStringUTF8((nint)llama_version()) ?? "";

    /// <summary>The CPU features and backends libllama was built with.</summary>
    public static string SystemInfo() => Marshal.PtrToStringUTF8((nint)llama_print_system_info()) ?? "";

    /// <summary>Initializes the llama + ggml backend (idempotent in llama.cpp).</summary>
    public static void BackendInit() => llama_backend_init();

    /// <summary>Loads every ggml backend library (CPU variants, Vulkan, CUDA, ...) found in <paramref name="directory"/>.</summary>
    public static void LoadAllBackends(string directory) => ggml_backend_load_all_from_path(directory);

    /// <summary>Whether the loaded backends can offload layers to a GPU.</summary>
    public static bool SupportsGpuOffload() => llama_supports_gpu_offload() != 0;

    /// <summary>The names of the registered backends (<c>CPU</c>, <c>Vulkan</c>, ...).</summary>
    public static IReadOnlyList<string> BackendNames()
    {
        int count = checked((int)ggml_backend_reg_count());
        var names = new string[count];
        for (int i = 0; i < count; i++)
        {
            names[i] = Marshal.PtrToStringUTF8((nint)ggml_backend_reg_name(ggml_backend_reg_get((nuint)i))) ?? "";
        }

        return names;
    }

    /// <summary>The devices the registered backends report, in ggml's order (the index is the device id).</summary>
    public static IReadOnlyList<GgufDevice> Devices()
    {
        int count = checked((int)ggml_backend_dev_count());
        var devices = new GgufDevice[count];
        for (int i = 0; i < count; i++)
        {
            void* device = ggml_backend_dev_get((nuint)i);
            nuint free = 0, total = 0;
            ggml_backend_dev_memory(device, &free, &total);
            devices[i] = new GgufDevice(
                i,
                Marshal.PtrToStringUTF8((nint)ggml_backend_dev_name(device)) ?? "",
                Marshal.PtrToStringUTF8((nint)ggml_backend_dev_description(device)) ?? "",
                Marshal.PtrToStringUTF8((nint)ggml_backend_reg_name(ggml_backend_dev_backend_reg(device))) ?? "",
                (GgufDeviceType)ggml_backend_dev_type(device),
                (long)free,
                (long)total);
        }

        return devices;
    }

    /// <summary>The raw device handle at <paramref name="index"/>, for <c>llama_model_params.devices</c>.</summary>
    public static nint DeviceHandle(int index) => (nint)ggml_backend_dev_get((nuint)index);

    /// <summary>Routes llama.cpp and ggml logging to <paramref name="callback"/> (null restores the default stderr logger).</summary>
    public static void SetLogCallback(delegate* unmanaged[Cdecl]<int, byte*, void*, void> callback) => llama_log_set(callback, null);

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial byte* llama_version();

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial byte* llama_print_system_info();

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_backend_init();

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial byte llama_supports_gpu_offload();

    [LibraryImport(LlamaLibraryNames.Llama)]
    private static partial void llama_log_set(delegate* unmanaged[Cdecl]<int, byte*, void*, void> callback, void* userData);

    [LibraryImport(LlamaLibraryNames.Ggml, StringMarshalling = StringMarshalling.Utf8)]
    private static partial void ggml_backend_load_all_from_path(string directory);

    [LibraryImport(LlamaLibraryNames.Ggml)]
    private static partial nuint ggml_backend_reg_count();

    [LibraryImport(LlamaLibraryNames.Ggml)]
    private static partial void* ggml_backend_reg_get(nuint index);

    [LibraryImport(LlamaLibraryNames.Ggml)]
    private static partial nuint ggml_backend_dev_count();

    [LibraryImport(LlamaLibraryNames.Ggml)]
    private static partial void* ggml_backend_dev_get(nuint index);

    [LibraryImport(LlamaLibraryNames.GgmlBase)]
    private static partial byte* ggml_backend_reg_name(void* reg);

    [LibraryImport(LlamaLibraryNames.GgmlBase)]
    private static partial byte* ggml_backend_dev_name(void* device);

    [LibraryImport(LlamaLibraryNames.GgmlBase)]
    private static partial byte* ggml_backend_dev_description(void* device);

    [LibraryImport(LlamaLibraryNames.GgmlBase)]
    private static partial int ggml_backend_dev_type(void* device);

    [LibraryImport(LlamaLibraryNames.GgmlBase)]
    private static partial void ggml_backend_dev_memory(void* device, nuint* free, nuint* total);

    [LibraryImport(LlamaLibraryNames.GgmlBase)]
    private static partial void* ggml_backend_dev_backend_reg(void* device);
}
