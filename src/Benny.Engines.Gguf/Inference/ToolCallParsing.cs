using Benny.Runtime.Templates.ToolCalling;

namespace Benny.Engines.Gguf.Inference;

/// <summary>How a request's output is read for tool calls (set when tools are offered and calls may come).</summary>
/// <param name="Format">The model's tool-call markup.</param>
/// <param name="Reasoning">The model's reasoning markup (<c>&lt;think&gt;</c>), read out as reasoning content.</param>
internal sealed record ToolCallParsing(ToolCallFormat Format, ReasoningFormat Reasoning);
