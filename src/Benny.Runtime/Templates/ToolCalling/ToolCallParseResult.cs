using Microsoft.Extensions.AI;

namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>A complete model output split into text, reasoning and tool calls by <see cref="ToolCallParser"/>.</summary>
public sealed class ToolCallParseResult
{
    internal ToolCallParseResult(string text, string reasoning, IReadOnlyList<FunctionCallContent> calls)
    {
        Text = text;
        Reasoning = reasoning;
        Calls = calls;
    }

    /// <summary>
    /// Gets the content text with all tool-call markup removed. Whitespace at its start and end, and whitespace right before
    /// a call opener, are dropped; text after a call is kept.
    /// </summary>
    public string Text { get; }

    /// <summary>Gets the reasoning (from <c>&lt;think&gt;…&lt;/think&gt;</c>, without the tags and trimmed), or an empty string.</summary>
    public string Reasoning { get; }

    /// <summary>
    /// Gets the calls in output order. A call whose JSON could not be read has <see cref="FunctionCallContent.Exception"/> set
    /// (its <see cref="FunctionCallContent.Name"/> is what could be seen of the name, possibly empty).
    /// </summary>
    public IReadOnlyList<FunctionCallContent> Calls { get; }

    /// <summary>
    /// Gets the result as Microsoft.Extensions.AI contents for one assistant message: a <see cref="TextReasoningContent"/>
    /// if there is reasoning, a <see cref="TextContent"/> if there is text, then the calls.
    /// </summary>
    /// <returns>A new list.</returns>
    public IList<AIContent> ToContents() => BuildContents(Text, Reasoning, Calls);

    internal static List<AIContent> BuildContents(string text, string reasoning, IReadOnlyList<FunctionCallContent> calls)
    {
        var contents = new List<AIContent>(calls.Count + 2);
        if (reasoning.Length > 0)
        {
            contents.Add(new TextReasoningContent(reasoning));
        }

        if (text.Length > 0)
        {
            contents.Add(new TextContent(text));
        }

        contents.AddRange(calls);
        return contents;
    }
}
