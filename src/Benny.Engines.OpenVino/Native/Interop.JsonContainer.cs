using System.Runtime.InteropServices;

namespace Benny.Engines.OpenVino.Native;

/// <summary>Bindings to <c>openvino/genai/c/json_container.h</c> (its calls return <c>ov_genai_json_container_status_e</c>).</summary>
internal static unsafe partial class Interop
{
    /// <summary>The name of an <c>ov_genai_json_container_status_e</c> value.</summary>
    /// <param name="status">The value.</param>
    /// <returns>The enumerator's name.</returns>
    internal static string JsonContainerStatusName(int status) => status switch
    {
        0 => "OV_GENAI_JSON_CONTAINER_OK",
        -1 => "OV_GENAI_JSON_CONTAINER_INVALID_PARAM",
        -2 => "OV_GENAI_JSON_CONTAINER_INVALID_JSON",
        -3 => "OV_GENAI_JSON_CONTAINER_OUT_OF_BOUNDS",
        -4 => "OV_GENAI_JSON_CONTAINER_ERROR",
        _ => "UNKNOWN_STATUS",
    };

    /// <summary>Parses <paramref name="json"/> into a container (<c>ov_genai_json_container_create_from_json_string</c>).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The container.</returns>
    /// <exception cref="OpenVinoException">The runtime failed (for example, invalid JSON).</exception>
    internal static SafeJsonContainerHandle CreateJsonContainerFromJsonString(string json)
    {
        const string Call = "ov_genai_json_container_create_from_json_string";
        int status = ov_genai_json_container_create_from_json_string(out SafeJsonContainerHandle container, json);
        if (status != 0)
        {
            container.Dispose();
            throw Failure(Call, status, JsonContainerStatusName(status), "");
        }

        return container;
    }

    /// <summary>Frees a container (<c>ov_genai_json_container_free</c>).</summary>
    /// <param name="container">The container.</param>
    internal static void FreeJsonContainer(nint container) => ov_genai_json_container_free(container);

    [LibraryImport(OpenVinoLibraryNames.GenAi, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ov_genai_json_container_create_from_json_string(out SafeJsonContainerHandle container, string jsonStr);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial void ov_genai_json_container_free(nint container);
}
