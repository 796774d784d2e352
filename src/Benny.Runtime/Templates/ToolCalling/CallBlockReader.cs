using System.Text.Json;

namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>Reads one call block of a format, from its opener to its end.</summary>
internal abstract class CallBlockReader
{
    /// <summary>Reads the block at the start of <paramref name="block"/>.</summary>
    /// <param name="block">The buffered output, starting with the opener.</param>
    /// <param name="final">Whether the output is complete (no more text will come).</param>
    /// <param name="builder">Receives the calls.</param>
    /// <returns>
    /// How many characters the block takes (more than zero), with its calls added to <paramref name="builder"/>; or -1,
    /// with nothing added, when the block is not complete yet (never when <paramref name="final"/> is set).
    /// </returns>
    public abstract int Read(string block, bool final, ToolCallBuilder builder);

    /// <summary>Reads a JSON object or list that starts at <paramref name="index"/> (after whitespace).</summary>
    /// <param name="block">The buffered block.</param>
    /// <param name="index">Where the JSON may start.</param>
    /// <param name="final">Whether the output is complete.</param>
    /// <param name="builder">Receives the calls.</param>
    /// <returns>The end of the JSON value, or -1 when it is not complete yet.</returns>
    protected static int ReadJsonValue(string block, int index, bool final, ToolCallBuilder builder)
    {
        index = JsonScanner.SkipWhitespace(block, index);
        if (index == block.Length)
        {
            if (!final)
            {
                return -1;
            }

            builder.AddMalformed(string.Empty, new JsonException("The tool-call opener is not followed by a call."));
            return block.Length;
        }

        if (block[index] is not ('{' or '['))
        {
            // Not JSON: the model wrote the opener and then something else. Report a failed call; the rest is text.
            builder.AddMalformed(string.Empty, new JsonException($"The tool-call opener is followed by '{block[index]}', not by JSON."));
            return index;
        }

        int end = JsonScanner.FindEnd(block, index);
        if (end < 0)
        {
            if (!final)
            {
                return -1;
            }

            end = block.Length;
        }

        builder.AddJsonCalls(block[index..end]);
        return end;
    }
}
