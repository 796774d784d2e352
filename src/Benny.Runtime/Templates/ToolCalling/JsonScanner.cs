namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>Finds where a JSON object or list ends in model output, without validating it.</summary>
internal static class JsonScanner
{
    /// <summary>Finds the end of the object or list that starts at <paramref name="start"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="start">The index of the opening <c>{</c> or <c>[</c>.</param>
    /// <returns>The index just after the matching bracket, or -1 when the text ends first.</returns>
    public static int FindEnd(string text, int start)
    {
        int depth = 0;
        bool inString = false;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    depth--;
                    if (depth == 0)
                    {
                        return i + 1;
                    }

                    break;
            }
        }

        return -1;
    }

    /// <summary>Skips whitespace.</summary>
    /// <param name="text">The text.</param>
    /// <param name="index">Where to start.</param>
    /// <returns>The index of the first character at or after <paramref name="index"/> that is not whitespace, or the length.</returns>
    public static int SkipWhitespace(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        return index;
    }
}
