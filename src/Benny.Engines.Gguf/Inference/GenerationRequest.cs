namespace Benny.Engines.Gguf.Inference;

/// <summary>Everything the decode loop needs from one request's <c>ChatOptions</c>.</summary>
/// <param name="Sampler">The sampling pipeline.</param>
/// <param name="MaxOutputTokens">The most tokens to generate, or <see langword="null"/> to stop only at end of generation or a full context.</param>
/// <param name="StopSequences">Texts that end generation (matched across tokens, never emitted).</param>
/// <param name="ToolCalls">How to read tool calls from the output, or <see langword="null"/> when no call can come.</param>
internal sealed record GenerationRequest(SamplerSettings Sampler, int? MaxOutputTokens, IReadOnlyList<string> StopSequences, ToolCallParsing? ToolCalls = null)
{
    /// <summary>Gets whether special tokens are decoded as their text: tool-call markers such as <c>[TOOL_CALLS]</c> are special tokens.</summary>
    public bool RenderSpecialTokens => ToolCalls is not null;
}
