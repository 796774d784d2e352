using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>
/// Llama 3.1's <c>&lt;|python_tag|&gt;</c>: followed either by a JSON call (<c>{"name": …, "parameters": …}</c>) or by a
/// built-in tool call in Python syntax, <c>brave_search.call(query="…")</c>, as the Llama 3.1 template renders it.
/// Keyword values may be string literals, numbers, <c>True</c>, <c>False</c> or <c>None</c>.
/// </summary>
internal sealed class PythonTagReader : CallBlockReader
{
    private const string CallSuffix = ".call";

    /// <inheritdoc />
    public override int Read(string block, bool final, ToolCallBuilder builder)
    {
        int start = JsonScanner.SkipWhitespace(block, ToolCallFormatInfo.PythonTag.Length);
        if (start < block.Length && block[start] is '{' or '[')
        {
            return ReadJsonValue(block, start, final, builder);
        }

        int open = block.IndexOf('(', start);
        int close = open < 0 ? -1 : FindClosingParenthesis(block, open);
        if (close < 0)
        {
            if (!final)
            {
                return -1;
            }

            builder.AddMalformed(block[start..], new FormatException("The text after <|python_tag|> is neither JSON nor a complete name.call(...)."));
            return block.Length;
        }

        string target = block[start..open].Trim();
        string name = target.EndsWith(CallSuffix, StringComparison.Ordinal) ? target[..^CallSuffix.Length] : target;
        string arguments = block[(open + 1)..close];
        builder.AddCall(name, () => ParseKeywordArguments(arguments));
        return close + 1;
    }

    private static int FindClosingParenthesis(string text, int open)
    {
        char quote = '\0';
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static IDictionary<string, object?> ParseKeywordArguments(string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            int i = JsonScanner.SkipWhitespace(text, 0);
            while (i < text.Length)
            {
                int equals = text.IndexOf('=', i);
                if (equals < 0)
                {
                    throw new FormatException($"Expected name=value in the arguments at {i}.");
                }

                string key = text[i..equals].Trim();
                if (key.Length == 0)
                {
                    throw new FormatException($"An argument has no name at {i}.");
                }

                writer.WritePropertyName(key);
                i = JsonScanner.SkipWhitespace(text, equals + 1);
                i = i < text.Length && text[i] is '"' or '\'' ? WriteString(text, i, writer) : WriteLiteral(text, i, writer);
                i = JsonScanner.SkipWhitespace(text, i);
                if (i < text.Length)
                {
                    if (text[i] != ',')
                    {
                        throw new FormatException($"Expected ',' between arguments at {i}.");
                    }

                    i = JsonScanner.SkipWhitespace(text, i + 1);
                }
            }

            writer.WriteEndObject();
        }

        return ToolCallBuilder.ParseArgumentsObject(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static int WriteString(string text, int start, Utf8JsonWriter writer)
    {
        char quote = text[start];
        var value = new StringBuilder();
        for (int i = start + 1; i < text.Length; i++)
        {
            char c = text[i];
            if (c == quote)
            {
                writer.WriteStringValue(value.ToString());
                return i + 1;
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                c = text[++i] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    char other => other,
                };
            }

            value.Append(c);
        }

        throw new FormatException($"A string argument starting at {start} is not closed.");
    }

    private static int WriteLiteral(string text, int start, Utf8JsonWriter writer)
    {
        int end = text.IndexOf(',', start);
        end = end < 0 ? text.Length : end;
        string literal = text[start..end].Trim();
        switch (literal)
        {
            case "True":
                writer.WriteBooleanValue(true);
                break;
            case "False":
                writer.WriteBooleanValue(false);
                break;
            case "None":
                writer.WriteNullValue();
                break;
            default:
                if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw new FormatException($"The argument value '{literal}' is not a string, number, True, False or None.");
                }

                writer.WriteRawValue(literal);
                break;
        }

        return end;
    }
}
