namespace Benny.Engines.OpenVino;

/// <summary>
/// Settings of the OpenVINO engine. <see langword="null"/> means "choose for me" (documented per property).
/// Registry entries override the per-model ones: <c>Device</c>, and the <c>Settings</c> keys <c>CacheDirectory</c>,
/// <c>MaxPromptLength</c>, <c>MinResponseLength</c> and <c>FallbackDevices</c> (a comma list).
/// </summary>
public sealed class OpenVinoEngineOptions
{
    /// <summary>Gets or sets the folder holding the OpenVINO GenAI libraries (<c>libopenvino_genai_c.so</c> and its dependencies).</summary>
    /// <value>Defaults to <see langword="null"/>: <c>BENNY_OPENVINO_DIR</c>, then the runtime's usual search path.</value>
    public string? NativeLibraryDirectory { get; set; }

    /// <summary>Gets or sets the device the model is compiled for (<c>CPU</c>, <c>GPU</c>, <c>GPU.1</c>, <c>NPU</c>, <c>AUTO</c>, ...).</summary>
    /// <value>Defaults to <c>CPU</c>.</value>
    public string Device { get; set; } = "CPU";

    /// <summary>Gets or sets the folder where OpenVINO caches compiled models (passed as <c>CACHE_DIR</c>); later loads of the same model are much faster.</summary>
    /// <value>Defaults to <see langword="null"/>: <c>$XDG_CACHE_HOME/benny/openvino</c>, else <c>~/.cache/benny/openvino</c> (on Windows, <c>%LOCALAPPDATA%\benny\openvino</c>).</value>
    public string? CacheDirectory { get; set; }

    /// <summary>Gets the devices tried, in order, when the model cannot be compiled for <see cref="Device"/> (for example <c>["CPU"]</c>).</summary>
    /// <value>Defaults to empty: no fallback device.</value>
    public List<string> FallbackDevices { get; set; } = [];

    /// <summary>
    /// Gets or sets whether a model folder that fails to compile on a device is retried with the sibling folders of the same
    /// model in heavier weight formats: a folder named <c>...__wf-int4</c> is followed by <c>...__wf-int8</c>, then
    /// <c>...__wf-fp16</c>, when they exist (some iGPU stacks fail to compile int4 kernels).
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool FallbackToOtherWeightFormats { get; set; } = true;

    /// <summary>
    /// Gets or sets the longest prompt in tokens. On an NPU it is passed as <c>MAX_PROMPT_LEN</c> (the NPU compiles for a fixed
    /// prompt length); on every device a request whose estimated prompt length exceeds it is refused before any native call.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: no limit is checked and the NPU uses its own default (1024 tokens).</value>
    public int? MaxPromptLength { get; set; }

    /// <summary>Gets or sets the shortest response the NPU reserves room for (passed as <c>MIN_RESPONSE_LEN</c> on an NPU only).</summary>
    /// <value>Defaults to <see langword="null"/>: the NPU's own default.</value>
    public int? MinResponseLength { get; set; }
}
