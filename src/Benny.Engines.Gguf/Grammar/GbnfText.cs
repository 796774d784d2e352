using System.Globalization;
using System.Text;

namespace Benny.Engines.Gguf.Grammar;

/// <summary>Writes GBNF literals and character classes that llama.cpp's grammar parser reads back exactly.</summary>
/// <remarks>
/// ASCII letters, digits and the space are written as they are; every other character is an escape (<c>\xHH</c>,
/// <c>\uHHHH</c> or <c>\UHHHHHHHH</c>), so no character can be mistaken for GBNF syntax (quotes, brackets, the range
/// dash or the negation caret).
/// </remarks>
internal static class GbnfText
{
    /// <summary>A GBNF string literal matching <paramref name="text"/> exactly.</summary>
    public static string Literal(string text)
    {
        var literal = new StringBuilder(text.Length + 2).Append('"');
        foreach (Rune rune in text.EnumerateRunes())
        {
            AppendChar(literal, rune);
        }

        return literal.Append('"').ToString();
    }

    /// <summary>
    /// The code points a raw JSON string character can never be, for a negated GBNF class: control characters, UTF-16
    /// surrogates and values above U+10FFFF. llama.cpp's grammar decodes bytes to code points without rejecting the last two
    /// (a byte-level tokenizer can produce them), and they would come out of the detokenizer as U+FFFD, breaking
    /// <c>maxLength</c> and the caller's JSON parser.
    /// </summary>
    public const string NotUnicodeScalars = "\\x00-\\x1F\\uD800-\\uDFFF\\U00110000-\\U7FFFFFFF";

    /// <summary>A GBNF character class matching any character except the given ones, JSON's quote and backslash, and control characters.</summary>
    public static string PlainStringCharExcept(IEnumerable<Rune> excluded)
    {
        var text = new StringBuilder("[^\"\\\\" + NotUnicodeScalars);
        foreach (Rune rune in excluded.Distinct().OrderBy(r => r.Value))
        {
            AppendChar(text, rune);
        }

        return text.Append(']').ToString();
    }

    /// <summary>Appends one character, escaped unless it is an ASCII letter, digit or space.</summary>
    public static void AppendChar(StringBuilder text, Rune rune)
    {
        int value = rune.Value;
        if (value is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or ' ')
        {
            text.Append((char)value);
        }
        else if (value < 0x80)
        {
            text.Append("\\x").Append(value.ToString("X2", CultureInfo.InvariantCulture));
        }
        else if (value <= 0xFFFF)
        {
            text.Append("\\u").Append(value.ToString("X4", CultureInfo.InvariantCulture));
        }
        else
        {
            text.Append("\\U").Append(value.ToString("X8", CultureInfo.InvariantCulture));
        }
    }
}
