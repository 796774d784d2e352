using System.Runtime.InteropServices;

namespace Benny.Engines.OpenVino.Native;

/// <summary>
/// Bindings to the OpenVINO GenAI C API (<c>openvino/genai/c/*.h</c>, release 2026.3.0.0), one file per header.
/// This file: the core error text (<c>openvino/c/ov_common.h</c>) and the status checks every wrapper uses.
/// </summary>
internal static unsafe partial class Interop
{
    /// <summary>The last error text of the OpenVINO core C library, or an empty string.</summary>
    /// <returns>The text (owned by the runtime: copied, never freed).</returns>
    internal static string LastErrorMessage()
    {
        byte* text = ov_get_last_err_msg();
        return text is null ? "" : Marshal.PtrToStringUTF8((nint)text) ?? "";
    }

    /// <summary>The name of an <c>ov_status_e</c> value.</summary>
    /// <param name="status">The value.</param>
    /// <returns>The enumerator's name, or <c>UNKNOWN_STATUS</c>.</returns>
    internal static string StatusName(int status) => status switch
    {
        0 => "OK",
        -1 => "GENERAL_ERROR",
        -2 => "NOT_IMPLEMENTED",
        -3 => "NETWORK_NOT_LOADED",
        -4 => "PARAMETER_MISMATCH",
        -5 => "NOT_FOUND",
        -6 => "OUT_OF_BOUNDS",
        -7 => "UNEXPECTED",
        -8 => "REQUEST_BUSY",
        -9 => "RESULT_NOT_READY",
        -10 => "NOT_ALLOCATED",
        -11 => "INFER_NOT_STARTED",
        -12 => "NETWORK_NOT_READ",
        -13 => "INFER_CANCELLED",
        -14 => "INVALID_C_PARAM",
        -15 => "UNKNOWN_C_ERROR",
        -16 => "NOT_IMPLEMENT_C_METHOD",
        -17 => "UNKNOW_EXCEPTION",
        _ => "UNKNOWN_STATUS",
    };

    /// <summary>Throws when an <c>ov_status_e</c> is not OK; the message names the call, the status and the runtime's error text.</summary>
    /// <param name="call">The C function.</param>
    /// <param name="status">What it returned.</param>
    /// <exception cref="OpenVinoException"><paramref name="status"/> is not OK.</exception>
    internal static void ThrowIfFailed(string call, int status)
    {
        if (status != 0)
        {
            throw Failure(call, status, StatusName(status), LastErrorMessage());
        }
    }

    /// <summary>The exception for a failed call.</summary>
    /// <param name="call">The C function.</param>
    /// <param name="status">The status value.</param>
    /// <param name="statusName">The status enumerator's name.</param>
    /// <param name="errorText">The runtime's error text (may be empty).</param>
    /// <returns>The exception.</returns>
    internal static OpenVinoException Failure(string call, int status, string statusName, string errorText)
        => new(call, status, $"{call} failed with {statusName} ({status}): {(errorText.Length > 0 ? errorText : "the runtime gave no error text")}.");

    // const char* ov_get_last_err_msg(void);  (openvino/c/ov_common.h)
    [LibraryImport(OpenVinoLibraryNames.Core)]
    private static partial byte* ov_get_last_err_msg();
}
