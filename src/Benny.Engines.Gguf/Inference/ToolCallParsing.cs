using Benny.Runtime.Templates.ToolCalling;

namespace Benny.Engines.Gguf.Inference;

/// <summary>How a request's output is read for tool calls (set when tools are offered and calls may come).</summary>
/// <param name="Format">The model's tool-call markup.</param>
/// <param name="Reasoning">The model's reasoning markup (<c>&lt;think&gt;</c>), read out as reasoning content.</param>
/// <param name="NotEnforced">Keywords of the tools' argument schemas that the grammar does not enforce (logged at Debug).</param>
internal sealed record ToolCallParsing(ToolCallFormat Format, ReasoningFormat Reasoning, IReadOnlyList<string>? NotEnforced = null)
{
    /// <inheritdoc />
    public bool Equals(ToolCallParsing? other)
        => other is not null && Format == other.Format && Reasoning == other.Reasoning
            && (NotEnforced ?? []).SequenceEqual(other.NotEnforced ?? []);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Format, Reasoning);
}
