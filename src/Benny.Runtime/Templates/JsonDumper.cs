using System.Globalization;
using System.Text;

namespace Benny.Runtime.Templates;

/// <summary>
/// Python's <c>json.dumps</c> as transformers calls it for <c>tojson</c>: non-ASCII kept unless <c>ensure_ascii</c>,
/// keys in insertion order unless <c>sort_keys</c>, <c>", "</c>/<c>": "</c> separators, or <c>","</c> and newlines
/// with <c>indent</c>.
/// </summary>
internal sealed class JsonDumper
{
    private readonly StringBuilder _sb = new();
    private readonly string? _indent;
    private readonly bool _ensureAscii;
    private readonly string _itemSeparator;
    private readonly string _keySeparator;
    private readonly bool _sortKeys;
    private readonly int _maxLength;

    private JsonDumper(string? indent, bool ensureAscii, string itemSeparator, string keySeparator, bool sortKeys, int maxLength)
    {
        _indent = indent;
        _ensureAscii = ensureAscii;
        _itemSeparator = itemSeparator;
        _keySeparator = keySeparator;
        _sortKeys = sortKeys;
        _maxLength = maxLength;
    }

    public static string Dumps(object? value, object? indent, bool ensureAscii, object? separators, bool sortKeys, int maxLength)
    {
        string? indentText = indent switch
        {
            null => null,
            long n => new string(' ', (int)Math.Clamp(n, 0, 1000)),
            bool b => b ? " " : string.Empty,
            string s => s,
            _ => throw TemplateError.Type($"indent must be an int or a str, not {PyOps.TypeName(indent)}"),
        };
        var (item, key) = (indentText is null ? ", " : ",", ": ");
        if (separators is PyList { Count: 2 } seps && seps.Items[0] is string i && seps.Items[1] is string k)
        {
            (item, key) = (i, k);
        }
        else if (separators is not null)
        {
            throw TemplateError.Type("separators must be a (item_separator, key_separator) tuple");
        }

        var dumper = new JsonDumper(indentText, ensureAscii, item, key, sortKeys, maxLength);
        dumper.Write(value, 0);
        return dumper._sb.ToString();
    }

    private void NewLine(int level)
    {
        if (_indent is null)
        {
            return;
        }

        _sb.Append('\n');
        for (var i = 0; i < level; i++)
        {
            _sb.Append(_indent);
        }
    }

    private void Write(object? value, int level)
    {
        if (level > 500)
        {
            throw new TemplateError(TemplateErrorKind.LimitExceeded, "value nested too deeply for tojson");
        }

        if (_sb.Length > _maxLength)
        {
            throw new TemplateError(TemplateErrorKind.LimitExceeded, $"tojson output longer than the limit of {_maxLength} characters");
        }

        switch (value)
        {
            case null:
                _sb.Append("null");
                break;
            case bool b:
                _sb.Append(b ? "true" : "false");
                break;
            case long l:
                _sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                _sb.Append(FloatText(d));
                break;
            case string s:
                WriteString(s);
                break;
            case PyList list:
                if (list.Count == 0)
                {
                    _sb.Append("[]");
                    break;
                }

                _sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        _sb.Append(_itemSeparator);
                    }

                    NewLine(level + 1);
                    Write(list.Items[i], level + 1);
                }

                NewLine(level);
                _sb.Append(']');
                break;
            case PyDict dict:
                {
                    if (dict.Count == 0)
                    {
                        _sb.Append("{}");
                        break;
                    }

                    var pairs = dict.Pairs.ToList();
                    if (_sortKeys)
                    {
                        pairs.Sort((x, y) => PyOps.Compare(x.Key, y.Key, "<"));
                    }

                    _sb.Append('{');
                    var first = true;
                    foreach (var (k, v) in pairs)
                    {
                        if (!first)
                        {
                            _sb.Append(_itemSeparator);
                        }

                        first = false;
                        NewLine(level + 1);
                        WriteString(k switch
                        {
                            string s => s,
                            bool b => b ? "true" : "false",
                            long l => l.ToString(CultureInfo.InvariantCulture),
                            double d => FloatText(d),
                            null => "null",
                            _ => throw TemplateError.Type($"keys must be str, int, float, bool or None, not {PyOps.TypeName(k)}"),
                        });
                        _sb.Append(_keySeparator);
                        Write(v, level + 1);
                    }

                    NewLine(level);
                    _sb.Append('}');
                    break;
                }

            default:
                throw TemplateError.Type($"Object of type {PyOps.TypeName(value)} is not JSON serializable");
        }
    }

    private static string FloatText(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyOps.FloatRepr(d);

    private void WriteString(string s)
    {
        _sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                case '\b': _sb.Append("\\b"); break;
                case '\f': _sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || (_ensureAscii && c > 0x7e))
                    {
                        _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        _sb.Append(c);
                    }

                    break;
            }
        }

        _sb.Append('"');
    }
}
