namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>
/// An opener followed by one JSON call or list of calls, with no closer: Mistral <c>[TOOL_CALLS][…]</c>,
/// Granite <c>&lt;|tool_call|&gt;[…]</c>, and Llama's bare <c>{"name": …}</c> (empty opener; a <c>;</c> between calls is skipped).
/// </summary>
internal sealed class JsonAfterOpenerReader(string opener, bool skipSemicolon) : CallBlockReader
{
    /// <inheritdoc />
    public override int Read(string block, bool final, ToolCallBuilder builder)
    {
        int index = JsonScanner.SkipWhitespace(block, opener.Length);
        if (skipSemicolon && index < block.Length && block[index] == ';')
        {
            index++;
        }

        return ReadJsonValue(block, index, final, builder);
    }
}
