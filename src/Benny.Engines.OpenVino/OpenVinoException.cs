namespace Benny.Engines.OpenVino;

/// <summary>An OpenVINO GenAI call failed.</summary>
public sealed class OpenVinoException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="call">The C function that failed (for example <c>ov_genai_llm_pipeline_create</c>).</param>
    /// <param name="status">The <c>ov_status_e</c> it returned.</param>
    /// <param name="message">The message, naming the call, the status and the runtime's error text.</param>
    /// <param name="innerException">The cause, if any.</param>
    public OpenVinoException(string call, int status, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Call = call;
        Status = status;
    }

    /// <summary>Gets the C function that failed.</summary>
    public string Call { get; }

    /// <summary>Gets the <c>ov_status_e</c> value (0 = OK, -1 = GENERAL_ERROR, -5 = NOT_FOUND, -6 = OUT_OF_BOUNDS, ...).</summary>
    public int Status { get; }
}
