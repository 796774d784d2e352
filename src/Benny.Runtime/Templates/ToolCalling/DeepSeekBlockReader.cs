namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>
/// DeepSeek-R1's list of calls: an optional <c>&lt;｜tool▁calls▁begin｜&gt;</c>, then calls
/// <c>&lt;｜tool▁call▁begin｜&gt;TYPE&lt;｜tool▁sep｜&gt;NAME\n```json\nARGS\n```&lt;｜tool▁call▁end｜&gt;</c> separated by
/// whitespace, then an optional <c>&lt;｜tool▁calls▁end｜&gt;</c> (the R1-Distill template omits it after a single call).
/// The block ends at <c>&lt;｜tool▁calls▁end｜&gt;</c>, at text that is not another call, or at the end of the output.
/// </summary>
internal sealed class DeepSeekBlockReader : CallBlockReader
{
    /// <inheritdoc />
    public override int Read(string block, bool final, ToolCallBuilder builder)
    {
        var calls = new List<(string Name, string Arguments)>();
        int index = block.StartsWith(ToolCallFormatInfo.DeepSeekCallsBegin, StringComparison.Ordinal)
            ? ToolCallFormatInfo.DeepSeekCallsBegin.Length
            : 0;
        while (true)
        {
            int next = JsonScanner.SkipWhitespace(block, index);
            string rest = block[next..];
            if (rest.StartsWith(ToolCallFormatInfo.DeepSeekCallBegin, StringComparison.Ordinal))
            {
                int end = block.IndexOf(ToolCallFormatInfo.DeepSeekCallEnd, next, StringComparison.Ordinal);
                if (end < 0 && !final)
                {
                    return -1;
                }

                int bodyStart = next + ToolCallFormatInfo.DeepSeekCallBegin.Length;
                calls.Add(SplitCall(block[bodyStart..(end < 0 ? block.Length : end)]));
                index = end < 0 ? block.Length : end + ToolCallFormatInfo.DeepSeekCallEnd.Length;
                continue;
            }

            if (rest.StartsWith(ToolCallFormatInfo.DeepSeekCallsEnd, StringComparison.Ordinal))
            {
                index = next + ToolCallFormatInfo.DeepSeekCallsEnd.Length;
                break;
            }

            bool couldContinue = rest.Length == 0
                || ToolCallFormatInfo.DeepSeekCallBegin.StartsWith(rest, StringComparison.Ordinal)
                || ToolCallFormatInfo.DeepSeekCallsEnd.StartsWith(rest, StringComparison.Ordinal);
            if (couldContinue && !final)
            {
                return -1;
            }

            // Something else follows (or the output ended): the block ends before the whitespace.
            break;
        }

        foreach ((string name, string arguments) in calls)
        {
            builder.AddCall(name, arguments);
        }

        return index;
    }

    private static (string Name, string Arguments) SplitCall(string body)
    {
        // TYPE<｜tool▁sep｜>NAME\n```json\nARGS\n```
        int separator = body.IndexOf(ToolCallFormatInfo.DeepSeekSeparator, StringComparison.Ordinal);
        string afterType = separator < 0 ? body : body[(separator + ToolCallFormatInfo.DeepSeekSeparator.Length)..];
        int newline = afterType.IndexOf('\n', StringComparison.Ordinal);
        string name = (newline < 0 ? afterType : afterType[..newline]).Trim();
        string arguments = newline < 0 ? string.Empty : afterType[(newline + 1)..].Trim();
        if (arguments.StartsWith("```", StringComparison.Ordinal))
        {
            int firstLineEnd = arguments.IndexOf('\n', StringComparison.Ordinal);
            arguments = firstLineEnd < 0 ? string.Empty : arguments[(firstLineEnd + 1)..];
            if (arguments.TrimEnd().EndsWith("```", StringComparison.Ordinal))
            {
                arguments = arguments.TrimEnd()[..^3];
            }

            arguments = arguments.Trim();
        }

        return (name, arguments);
    }
}
