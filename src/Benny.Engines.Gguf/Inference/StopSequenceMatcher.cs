namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// Finds stop sequences in streamed text across token boundaries. Text is released only when no stop
/// sequence can still begin inside it, so a stop sequence is never emitted, even in part.
/// </summary>
internal sealed class StopSequenceMatcher
{
    private readonly string[] _stops;
    private readonly System.Text.StringBuilder _pending = new();

    /// <summary>Initializes a matcher for <paramref name="stopSequences"/> (empty entries are ignored).</summary>
    public StopSequenceMatcher(IEnumerable<string>? stopSequences)
    {
        _stops = stopSequences?.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToArray() ?? [];
    }

    /// <summary>Gets whether a stop sequence was found.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds decoded text; returns the text that can be emitted now.</summary>
    /// <param name="text">The next piece of decoded text.</param>
    /// <returns>Text safe to emit (possibly empty). After a stop sequence is found, the text before it and nothing more.</returns>
    public string Append(string text)
    {
        if (Stopped)
        {
            return "";
        }

        _pending.Append(text);
        if (_stops.Length == 0)
        {
            return Take(_pending.Length);
        }

        string pending = _pending.ToString();
        int earliest = -1;
        foreach (string stop in _stops)
        {
            int index = pending.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (earliest < 0 || index < earliest))
            {
                earliest = index;
            }
        }

        if (earliest >= 0)
        {
            Stopped = true;
            string before = pending[..earliest];
            _pending.Clear();
            return before;
        }

        return Take(pending.Length - LongestStopPrefixAtEnd(pending));
    }

    /// <summary>Returns the text held back at the end of generation (it did not complete a stop sequence).</summary>
    public string Flush() => Stopped ? "" : Take(_pending.Length);

    private int LongestStopPrefixAtEnd(string pending)
    {
        int longest = 0;
        foreach (string stop in _stops)
        {
            for (int length = Math.Min(stop.Length - 1, pending.Length); length > longest; length--)
            {
                if (pending.AsSpan(pending.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }

    private string Take(int count)
    {
        string taken = _pending.ToString(0, count);
        _pending.Remove(0, count);
        return taken;
    }
}
