using System.Globalization;
using System.Text;

namespace Benny.Runtime.Templates;

internal enum TokenKind
{
    Data,
    VariableBegin,
    VariableEnd,
    BlockBegin,
    BlockEnd,
    Name,
    String,
    Integer,
    Float,
    Operator,
    Eof,
}

internal readonly record struct Token(TokenKind Kind, string Value, object? Literal, int Line, int Column)
{
    public bool Is(TokenKind kind, string value) => Kind == kind && Value == value;

    public bool IsOp(string op) => Kind == TokenKind.Operator && Value == op;

    public bool IsName(string name) => Kind == TokenKind.Name && Value == name;

    public string Describe() => Kind switch
    {
        TokenKind.Eof => "end of template",
        TokenKind.BlockEnd => "end of statement block",
        TokenKind.VariableEnd => "end of print statement",
        TokenKind.Data => "template data",
        TokenKind.String => "string literal",
        _ => $"'{Value}'",
    };
}

/// <summary>
/// Splits template source into tokens as Jinja2's lexer does with <c>trim_blocks=True</c>,
/// <c>lstrip_blocks=True</c>, <c>keep_trailing_newline=False</c>: newlines normalized to \n, whitespace control
/// (<c>{%-</c>, <c>-%}</c>, <c>{%+</c>, <c>+%}</c>), raw blocks, comments dropped.
/// </summary>
internal sealed class TemplateLexer
{
    private static readonly string[] Operators =
        ["//", "**", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"];

    private readonly string _source;
    private readonly string? _name;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private List<int>? _lineStarts;

    private TemplateLexer(string source, string? name)
    {
        _source = Normalize(source);
        _name = name;
    }

    public static List<Token> Tokenize(string source, string? name)
    {
        var lexer = new TemplateLexer(source, name);
        lexer.Run();
        return lexer._tokens;
    }

    private static string Normalize(string source)
    {
        var sb = new StringBuilder(source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c == '\r')
            {
                sb.Append('\n');
                if (i + 1 < source.Length && source[i + 1] == '\n')
                {
                    i++;
                }
            }
            else
            {
                sb.Append(c);
            }
        }

        if (sb.Length > 0 && sb[^1] == '\n')
        {
            sb.Length--;
        }

        return sb.ToString();
    }

    private (int Line, int Column) Position(int pos)
    {
        if (_lineStarts is null)
        {
            _lineStarts = [0];
            for (var i = 0; i < _source.Length; i++)
            {
                if (_source[i] == '\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        var index = _lineStarts.BinarySearch(pos);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, pos - _lineStarts[line] + 1);
    }

    private TemplateParseException Fail(int pos, string problem)
    {
        var (line, col) = Position(pos);
        return new TemplateParseException(_name, line, col, problem);
    }

    private void Add(TokenKind kind, string value, object? literal, int pos)
    {
        var (line, col) = Position(pos);
        _tokens.Add(new Token(kind, value, literal, line, col));
    }

    private void AddData(string text, int pos)
    {
        if (text.Length > 0)
        {
            Add(TokenKind.Data, text, null, pos);
        }
    }

    private void Run()
    {
        var s = _source;
        while (_pos < s.Length)
        {
            var tagStart = FindTagStart(_pos);
            var lineStarting = _pos == 0 || s[_pos - 1] == '\n';
            if (tagStart < 0)
            {
                AddData(s[_pos..], _pos);
                _pos = s.Length;
                break;
            }

            var text = s[_pos..tagStart];
            var kind = s[tagStart + 1];
            var afterBegin = tagStart + 2;
            var sign = afterBegin < s.Length && s[afterBegin] is '-' or '+' ? s[afterBegin] : '\0';
            text = StripBeforeTag(text, sign, kind != '{', lineStarting);
            AddData(text, _pos);
            if (sign != '\0')
            {
                afterBegin++;
            }

            if (kind == '#')
            {
                _pos = SkipComment(afterBegin, tagStart);
            }
            else if (kind == '%' && TryRaw(afterBegin, out var rawEnd))
            {
                _pos = rawEnd;
            }
            else
            {
                Add(kind == '{' ? TokenKind.VariableBegin : TokenKind.BlockBegin, kind == '{' ? "{{" : "{%", null, tagStart);
                _pos = LexExpression(afterBegin, kind == '{');
            }
        }

        Add(TokenKind.Eof, string.Empty, null, s.Length);
    }

    private int FindTagStart(int from)
    {
        var s = _source;
        for (var i = from; i < s.Length - 1; i++)
        {
            if (s[i] == '{' && s[i + 1] is '{' or '%' or '#')
            {
                return i;
            }
        }

        return -1;
    }

    private static string StripBeforeTag(string text, char sign, bool lstripApplies, bool lineStarting)
    {
        if (sign == '-')
        {
            return PyStr.Strip(text, null, left: false, right: true);
        }

        if (sign != '+' && lstripApplies)
        {
            var lPos = text.LastIndexOf('\n') + 1;
            if ((lPos > 0 || lineStarting) && lPos < text.Length && AllSpace(text, lPos))
            {
                return text[..lPos];
            }
        }

        return text;
    }

    private static bool AllSpace(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (!PyStr.IsSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private int SkipWhitespace(int pos)
    {
        while (pos < _source.Length && PyStr.IsSpace(_source[pos]))
        {
            pos++;
        }

        return pos;
    }

    /// <summary>After a tag's closing delimiter: '-' strips all whitespace, '+' nothing, none drops one newline (trim_blocks).</summary>
    private int AfterEnd(int pos, char sign, bool trimBlocks)
    {
        if (sign == '-')
        {
            return SkipWhitespace(pos);
        }

        if (sign != '+' && trimBlocks && pos < _source.Length && _source[pos] == '\n')
        {
            return pos + 1;
        }

        return pos;
    }

    private int SkipComment(int from, int tagStart)
    {
        var end = _source.IndexOf("#}", from, StringComparison.Ordinal);
        if (end < 0)
        {
            throw Fail(tagStart, "missing end of comment tag");
        }

        var sign = end > from && _source[end - 1] is '-' or '+' ? _source[end - 1] : '\0';
        return AfterEnd(end + 2, sign, trimBlocks: true);
    }

    private bool TryRaw(int afterBegin, out int end)
    {
        end = 0;
        var p = SkipWhitespace(afterBegin);
        if (string.CompareOrdinal(_source, p, "raw", 0, 3) != 0)
        {
            return false;
        }

        p = SkipWhitespace(p + 3);
        char sign;
        if (p + 2 <= _source.Length && string.CompareOrdinal(_source, p, "%}", 0, 2) == 0)
        {
            sign = '\0';
            p += 2;
        }
        else if (p + 3 <= _source.Length && _source[p] == '-' && string.CompareOrdinal(_source, p + 1, "%}", 0, 2) == 0)
        {
            sign = '-';
            p += 3;
        }
        else
        {
            return false;
        }

        var contentStart = sign == '-' ? SkipWhitespace(p) : p;

        // Find {% endraw %} with optional signs.
        var search = contentStart;
        while (true)
        {
            var open = _source.IndexOf("{%", search, StringComparison.Ordinal);
            if (open < 0)
            {
                throw Fail(afterBegin, "missing end of raw directive ('endraw')");
            }

            var q = open + 2;
            var openSign = q < _source.Length && _source[q] is '-' or '+' ? _source[q] : '\0';
            if (openSign != '\0')
            {
                q++;
            }

            q = SkipWhitespace(q);
            if (string.CompareOrdinal(_source, q, "endraw", 0, 6) == 0)
            {
                var r = SkipWhitespace(q + 6);
                var closeSign = '\0';
                if (r < _source.Length && _source[r] is '-' or '+')
                {
                    closeSign = _source[r];
                    r++;
                }

                if (string.CompareOrdinal(_source, r, "%}", 0, 2) == 0)
                {
                    var text = _source[contentStart..open];
                    var lineStarting = contentStart == 0 || _source[contentStart - 1] == '\n';
                    text = StripBeforeTag(text, openSign, true, lineStarting);
                    AddData(text, contentStart);
                    end = AfterEnd(r + 2, closeSign, trimBlocks: true);
                    return true;
                }
            }

            search = open + 2;
        }
    }

    private int LexExpression(int pos, bool isVariable)
    {
        var s = _source;
        var depth = 0;
        var endText = isVariable ? "}}" : "%}";
        while (true)
        {
            pos = SkipWhitespace(pos);
            if (pos >= s.Length)
            {
                throw Fail(pos, isVariable ? "unexpected end of template, expected '}}'" : "unexpected end of template, expected '%}'");
            }

            if (depth == 0)
            {
                var sign = s[pos] is '-' or '+' ? s[pos] : '\0';
                var at = sign == '\0' ? pos : pos + 1;
                if (string.CompareOrdinal(s, at, endText, 0, 2) == 0 && (sign != '+' || !isVariable))
                {
                    Add(isVariable ? TokenKind.VariableEnd : TokenKind.BlockEnd, endText, null, pos);
                    return AfterEnd(at + 2, sign, trimBlocks: !isVariable);
                }
            }

            var c = s[pos];
            if (char.IsAsciiDigit(c))
            {
                pos = LexNumber(pos);
            }
            else if (c == '_' || char.IsLetter(c))
            {
                var start = pos;
                while (pos < s.Length && (s[pos] == '_' || char.IsLetterOrDigit(s[pos])))
                {
                    pos++;
                }

                Add(TokenKind.Name, s[start..pos], null, start);
            }
            else if (c is '\'' or '"')
            {
                pos = LexString(pos);
            }
            else
            {
                var op = Array.Find(Operators, o => string.CompareOrdinal(s, pos, o, 0, o.Length) == 0);
                if (op is null)
                {
                    throw Fail(pos, $"unexpected char '{c}'");
                }

                if (op is "(" or "[" or "{")
                {
                    depth++;
                }
                else if (op is ")" or "]" or "}")
                {
                    if (depth == 0)
                    {
                        throw Fail(pos, $"unexpected '{op}'");
                    }

                    depth--;
                }

                Add(TokenKind.Operator, op, null, pos);
                pos += op.Length;
            }
        }
    }

    private int LexNumber(int start)
    {
        var s = _source;
        var pos = start;
        if (s[pos] == '0' && pos + 1 < s.Length && char.ToLowerInvariant(s[pos + 1]) is 'x' or 'o' or 'b')
        {
            var radix = char.ToLowerInvariant(s[pos + 1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            pos += 2;
            var digitsStart = pos;
            while (pos < s.Length && (s[pos] == '_' || Uri.IsHexDigit(s[pos])))
            {
                pos++;
            }

            var digits = s[digitsStart..pos].Replace("_", string.Empty, StringComparison.Ordinal);
            try
            {
                Add(TokenKind.Integer, s[start..pos], Convert.ToInt64(digits, radix), start);
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                throw Fail(start, $"invalid integer literal '{s[start..pos]}'");
            }

            return pos;
        }

        while (pos < s.Length && (char.IsAsciiDigit(s[pos]) || (s[pos] == '_' && pos + 1 < s.Length && char.IsAsciiDigit(s[pos + 1]))))
        {
            pos++;
        }

        var isFloat = false;
        var afterDot = start > 0 && s[start - 1] == '.';
        if (!afterDot && pos + 1 < s.Length && s[pos] == '.' && char.IsAsciiDigit(s[pos + 1]))
        {
            isFloat = true;
            pos++;
            while (pos < s.Length && (char.IsAsciiDigit(s[pos]) || (s[pos] == '_' && pos + 1 < s.Length && char.IsAsciiDigit(s[pos + 1]))))
            {
                pos++;
            }
        }

        if (!afterDot && pos < s.Length && s[pos] is 'e' or 'E')
        {
            var p = pos + 1;
            if (p < s.Length && s[p] is '+' or '-')
            {
                p++;
            }

            if (p < s.Length && char.IsAsciiDigit(s[p]))
            {
                isFloat = true;
                pos = p;
                while (pos < s.Length && (char.IsAsciiDigit(s[pos]) || s[pos] == '_'))
                {
                    pos++;
                }
            }
        }

        var text = s[start..pos].Replace("_", string.Empty, StringComparison.Ordinal);
        if (isFloat)
        {
            Add(TokenKind.Float, s[start..pos], double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), start);
        }
        else if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            Add(TokenKind.Integer, s[start..pos], value, start);
        }
        else
        {
            throw Fail(start, $"integer literal '{text}' does not fit in 64 bits");
        }

        return pos;
    }

    private int LexString(int start)
    {
        var s = _source;
        var quote = s[start];
        var sb = new StringBuilder();
        var pos = start + 1;
        while (true)
        {
            if (pos >= s.Length)
            {
                throw Fail(start, "unexpected end of string literal");
            }

            var c = s[pos];
            if (c == quote)
            {
                pos++;
                break;
            }

            if (c != '\\')
            {
                sb.Append(c);
                pos++;
                continue;
            }

            if (pos + 1 >= s.Length)
            {
                throw Fail(start, "unexpected end of string literal");
            }

            var e = s[pos + 1];
            pos += 2;
            switch (e)
            {
                case '\n': break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case 'x':
                    sb.Append((char)ReadHex(ref pos, 2, start));
                    break;
                case 'u':
                    sb.Append((char)ReadHex(ref pos, 4, start));
                    break;
                case 'U':
                    {
                        var cp = ReadHex(ref pos, 8, start);
                        if (cp > 0x10FFFF)
                        {
                            throw Fail(start, "illegal Unicode character in string literal");
                        }

                        sb.Append(char.ConvertFromUtf32(cp));
                        break;
                    }

                case >= '0' and <= '7':
                    {
                        var value = e - '0';
                        for (var k = 0; k < 2 && pos < s.Length && s[pos] is >= '0' and <= '7'; k++)
                        {
                            value = (value * 8) + (s[pos] - '0');
                            pos++;
                        }

                        sb.Append((char)value);
                        break;
                    }

                default:
                    sb.Append('\\').Append(e);
                    break;
            }
        }

        Add(TokenKind.String, s[start..pos], sb.ToString(), start);
        return pos;
    }

    private int ReadHex(ref int pos, int count, int start)
    {
        if (pos + count > _source.Length)
        {
            throw Fail(start, "truncated escape in string literal");
        }

        var hex = _source.Substring(pos, count);
        if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw Fail(start, $"truncated escape in string literal");
        }

        pos += count;
        return value;
    }
}
