namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>
/// A block between an opener and a closer holding a JSON call or list of calls: Hermes
/// <c>&lt;tool_call&gt;…&lt;/tool_call&gt;</c>, Phi-4-mini <c>&lt;|tool_call|&gt;…&lt;|/tool_call|&gt;</c>. A block cut off
/// by the end of the output is read up to there (without a partial closer).
/// </summary>
internal sealed class ClosedBlockReader(string opener, string closer) : CallBlockReader
{
    /// <inheritdoc />
    public override int Read(string block, bool final, ToolCallBuilder builder)
    {
        int close = block.IndexOf(closer, opener.Length, StringComparison.Ordinal);
        if (close < 0 && !final)
        {
            return -1;
        }

        // Cut off inside the closer ("<|/tool_" at the token limit): the block ends where the closer began.
        int contentEnd = close < 0 ? Math.Max(opener.Length, block.Length - ToolCallStreamParser.PartialSuffixLength(block, closer)) : close;
        builder.AddJsonCalls(block[opener.Length..contentEnd].Trim());
        return close < 0 ? block.Length : close + closer.Length;
    }
}
