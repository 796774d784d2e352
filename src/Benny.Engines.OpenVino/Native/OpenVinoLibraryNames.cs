namespace Benny.Engines.OpenVino.Native;

/// <summary>The logical library names used by the imports, and the pinned release.</summary>
/// <remarks><see cref="OpenVinoNativeLibrary"/> maps each logical name to a file through a <c>DllImportResolver</c>.</remarks>
internal static class OpenVinoLibraryNames
{
    /// <summary>The OpenVINO GenAI C library (<c>libopenvino_genai_c.so</c>).</summary>
    public const string GenAi = "openvino_genai_c";

    /// <summary>The OpenVINO core C library (<c>libopenvino_c.so</c>), for <c>ov_get_last_err_msg</c>.</summary>
    public const string Core = "openvino_c";

    /// <summary>The OpenVINO GenAI release whose C headers these bindings follow.</summary>
    public const string PinnedRelease = "2026.3.0.0";
}
