namespace Benny.Engines.OpenVino.Native;

/// <summary>
/// The seam between the engine and OpenVINO GenAI: everything the managed engine asks of the runtime.
/// <c>NativeGenAiRuntime</c> implements it over the C API; unit tests drive the engine with fakes.
/// </summary>
internal interface IGenAiRuntime
{
    /// <summary>Gets a description of the loaded runtime (library folder and version), for diagnostics.</summary>
    string Description { get; }

    /// <summary>Compiles the model in <paramref name="modelFolder"/> for <paramref name="device"/> (blocking; seconds to minutes).</summary>
    /// <param name="modelFolder">The converted model folder (openvino_model.xml/.bin, tokenizer and detokenizer IR).</param>
    /// <param name="device"><c>CPU</c>, <c>GPU</c>, <c>NPU</c>, <c>AUTO</c>, ...</param>
    /// <param name="properties">Device properties passed as string pairs (<c>CACHE_DIR</c>, <c>MAX_PROMPT_LEN</c>, ...).</param>
    /// <returns>The pipeline; the caller disposes it.</returns>
    /// <exception cref="OpenVinoException">The runtime failed (the message names the call and the runtime's error text).</exception>
    IGenAiPipeline CreatePipeline(string modelFolder, string device, IReadOnlyList<KeyValuePair<string, string>> properties);
}
