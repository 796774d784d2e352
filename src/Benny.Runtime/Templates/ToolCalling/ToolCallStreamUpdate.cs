using Microsoft.Extensions.AI;

namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>What one <see cref="ToolCallStreamParser.Append(string)"/> or <see cref="ToolCallStreamParser.Complete"/> released.</summary>
public sealed class ToolCallStreamUpdate
{
    internal ToolCallStreamUpdate(string text, string reasoning, IReadOnlyList<FunctionCallContent> calls, bool toolCallStarted)
    {
        Text = text;
        Reasoning = reasoning;
        Calls = calls;
        ToolCallStarted = toolCallStarted;
    }

    /// <summary>Gets the content text that can be shown now: it can no longer be part of tool-call markup. Often empty.</summary>
    public string Text { get; }

    /// <summary>Gets the reasoning text released now (without the <c>&lt;think&gt;</c> tags). Often empty.</summary>
    public string Reasoning { get; }

    /// <summary>Gets the calls completed by this piece, in order.</summary>
    public IReadOnlyList<FunctionCallContent> Calls { get; }

    /// <summary>
    /// Gets a value indicating whether a tool-call opener appeared in this piece: the moment an engine switches on its
    /// lazy tool-call grammar. It is set for every opener (each <c>&lt;tool_call&gt;</c> of a turn with several calls).
    /// </summary>
    public bool ToolCallStarted { get; }

    /// <summary>Gets a value indicating whether the update carries nothing.</summary>
    public bool IsEmpty => Text.Length == 0 && Reasoning.Length == 0 && Calls.Count == 0 && !ToolCallStarted;

    /// <summary>
    /// Gets the update as Microsoft.Extensions.AI contents: a <see cref="TextReasoningContent"/> if there is reasoning,
    /// a <see cref="TextContent"/> if there is text, then the calls.
    /// </summary>
    /// <returns>A new list.</returns>
    public IList<AIContent> ToContents() => ToolCallParseResult.BuildContents(Text, Reasoning, Calls);
}
