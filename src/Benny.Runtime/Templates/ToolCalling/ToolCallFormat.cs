namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>
/// The markup a model family uses to call tools in its output, as its chat template teaches it.
/// <see cref="ToolCallFormatInfo.For(ToolCallFormat)"/> describes each one; <see cref="ToolCallFormatDetector"/>
/// finds the format of a chat template.
/// </summary>
public enum ToolCallFormat
{
    /// <summary>No tool calls: the output is plain text (Gemma 2, Phi-3.5, SmolLM2).</summary>
    None = 0,

    /// <summary>
    /// Hermes / Qwen: each call is <c>&lt;tool_call&gt;{"name": ..., "arguments": {...}}&lt;/tool_call&gt;</c>,
    /// one block per call, several per turn (Qwen2.5, Qwen3, Hermes 2 Pro / Hermes 3).
    /// </summary>
    Hermes,

    /// <summary>
    /// Llama 3.1 / 3.2: the whole message is <c>{"name": ..., "parameters": {...}}</c>, or a call follows
    /// <c>&lt;|python_tag|&gt;</c> (as JSON or, for Llama 3.1's built-in tools, as <c>name.call(key="value")</c>).
    /// </summary>
    Llama3Json,

    /// <summary>
    /// Mistral Nemo: <c>[TOOL_CALLS]</c> followed by a JSON list of
    /// <c>{"name": ..., "arguments": {...}, "id": "abcdefghi"}</c>; the ids come from the model.
    /// </summary>
    MistralNemo,

    /// <summary>Granite 3.x: <c>&lt;|tool_call|&gt;</c> followed by a JSON list of <c>{"name": ..., "arguments": {...}}</c>, no closing tag.</summary>
    Granite,

    /// <summary>
    /// Phi-4-mini: <c>&lt;|tool_call|&gt;{"name": ..., "arguments": {...}}&lt;|/tool_call|&gt;</c>; the block may
    /// also hold a JSON list of calls (the form Ollama's template for the model writes).
    /// </summary>
    Phi4Mini,

    /// <summary>
    /// DeepSeek-R1 (and its Qwen/Llama distills): <c>&lt;｜tool▁calls▁begin｜&gt;</c>, then per call
    /// <c>&lt;｜tool▁call▁begin｜&gt;function&lt;｜tool▁sep｜&gt;name</c>, a <c>```json</c> code block of the
    /// arguments and <c>&lt;｜tool▁call▁end｜&gt;</c>, then <c>&lt;｜tool▁calls▁end｜&gt;</c>. The bars and the
    /// separator are the full-width characters U+FF5C and U+2581.
    /// </summary>
    DeepSeekR1,
}
