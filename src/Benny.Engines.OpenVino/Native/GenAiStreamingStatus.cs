namespace Benny.Engines.OpenVino.Native;

/// <summary>What a streamer callback tells OpenVINO GenAI (mirrors <c>ov_genai_streaming_status_e</c>).</summary>
internal enum GenAiStreamingStatus
{
    /// <summary>Go on generating.</summary>
    Running = 0,

    /// <summary>Stop generating; the history keeps the request and what was generated.</summary>
    Stop = 1,

    /// <summary>Stop generating and drop the last request and its output from the history.</summary>
    Cancel = 2,
}
