namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>Splits a complete model output into text, reasoning and tool calls.</summary>
public static class ToolCallParser
{
    /// <summary>Parses a complete output.</summary>
    /// <param name="output">The generated text, with special tokens rendered (the markup of most formats is special tokens).</param>
    /// <param name="format">The model's tool-call format.</param>
    /// <param name="reasoningFormat">How the model marks reasoning.</param>
    /// <returns>The text, the reasoning and the calls. Malformed calls carry their error; nothing is thrown for bad output.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A format is not a defined value.</exception>
    public static ToolCallParseResult Parse(string output, ToolCallFormat format, ReasoningFormat reasoningFormat = ReasoningFormat.None) =>
        Parse(output, format, reasoningFormat, null);

    internal static ToolCallParseResult Parse(string output, ToolCallFormat format, ReasoningFormat reasoningFormat, Func<string>? newCallId)
    {
        ArgumentNullException.ThrowIfNull(output);
        var parser = new ToolCallStreamParser(format, reasoningFormat, newCallId);
        ToolCallStreamUpdate first = parser.Append(output);
        ToolCallStreamUpdate last = parser.Complete();
        return new ToolCallParseResult(first.Text + last.Text, first.Reasoning + last.Reasoning, [.. first.Calls, .. last.Calls]);
    }
}
