using System.Text;

namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>
/// Collects text or reasoning for the caller, trimming it the way a complete parse does: whitespace at the start is
/// dropped, trailing whitespace is held back until more non-whitespace text follows (so whitespace before a call
/// opener, or at the end of the output, is never emitted).
/// </summary>
internal sealed class SegmentWriter
{
    private readonly StringBuilder output = new();
    private string held = string.Empty;
    private bool started;

    /// <summary>Gets a value indicating whether non-whitespace text has been written.</summary>
    public bool Started => started;

    /// <summary>Writes text known not to be markup.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> if <paramref name="text"/> held anything but whitespace.</returns>
    public bool Write(ReadOnlySpan<char> text)
    {
        int last = text.Length - 1;
        while (last >= 0 && char.IsWhiteSpace(text[last]))
        {
            last--;
        }

        if (last < 0)
        {
            if (started)
            {
                held += text.ToString();
            }

            return false;
        }

        int first = 0;
        if (started)
        {
            output.Append(held);
        }
        else
        {
            while (char.IsWhiteSpace(text[first]))
            {
                first++;
            }
        }

        output.Append(text[first..(last + 1)]);
        held = text[(last + 1)..].ToString();
        started = true;
        return true;
    }

    /// <summary>Drops whitespace held back (before an opener, at the end).</summary>
    public void DropHeldWhitespace() => held = string.Empty;

    /// <summary>Takes what was written since the last call.</summary>
    /// <returns>The text.</returns>
    public string Take()
    {
        string text = output.ToString();
        output.Clear();
        return text;
    }
}
