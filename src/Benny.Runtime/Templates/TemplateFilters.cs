using System.Globalization;
using System.Text;

namespace Benny.Runtime.Templates;

/// <summary>Jinja2's built-in filters that chat templates use, plus transformers' <c>tojson</c>.</summary>
internal static class TemplateFilters
{
    private static readonly HashSet<string> Names =
    [
        "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e", "escape", "first", "float",
        "forceescape", "indent", "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min", "reject",
        "rejectattr", "replace", "reverse", "round", "safe", "select", "selectattr", "sort", "string", "sum", "title",
        "tojson", "trim", "unique", "upper", "wordcount",
    ];

    private static readonly object Required = ArgumentBinder.Required;

    public static bool Exists(string name) => Names.Contains(name);

    public static object? Apply(TemplateRenderer r, string name, object? value, List<object?> args, List<KeyValuePair<string, object?>> kwargs)
    {
        object?[] Bind(string[] names, params object?[] defaults) => ArgumentBinder.Bind(name, args, kwargs, names, defaults);

        switch (name)
        {
            case "abs":
                Bind([]);
                return value switch
                {
                    long l => (object)Math.Abs(l),
                    double d => Math.Abs(d),
                    bool b => b ? 1L : 0L,
                    Undefined u => throw TemplateError.UndefinedUse(u),
                    _ => throw TemplateError.Type($"bad operand type for abs(): '{PyOps.TypeName(value)}'"),
                };
            case "attr":
                return TemplateAccess.GetPythonAttribute(value, PyOps.ToStr(Bind(["name"], Required)[0]));
            case "batch":
                {
                    var p = Bind(["linecount", "fill_with"], Required, null);
                    var size = PyOps.ToLong(p[0]);
                    if (size <= 0)
                    {
                        throw new TemplateError(TemplateErrorKind.InvalidOperation, "batch size must be positive");
                    }

                    var result = new List<object?>();
                    var current = new List<object?>();
                    foreach (var item in PyOps.Iterate(value))
                    {
                        current.Add(item);
                        if (current.Count == size)
                        {
                            result.Add(new PyList(current));
                            current = [];
                        }
                    }

                    if (current.Count > 0)
                    {
                        if (p[1] is not null)
                        {
                            while (current.Count < size)
                            {
                                current.Add(p[1]);
                            }
                        }

                        result.Add(new PyList(current));
                    }

                    return new PyList(result);
                }

            case "capitalize":
                Bind([]);
                return PyStr.Capitalize(PyOps.ToStr(value));
            case "center":
                {
                    var width = (int)PyOps.ToLong(Bind(["width"], 80L)[0]);
                    var s = PyOps.ToStr(value);
                    var pad = width - s.Length;
                    if (pad <= 0)
                    {
                        return s;
                    }

                    var left = (pad / 2) + (pad & width & 1);
                    return new string(' ', left) + s + new string(' ', pad - left);
                }

            case "count":
            case "length":
                Bind([]);
                return PyOps.Length(value);
            case "d":
            case "default":
                {
                    var p = Bind(["default_value", "boolean"], string.Empty, false);
                    return value is Undefined || (PyOps.IsTruthy(p[1]) && !PyOps.IsTruthy(value)) ? p[0] : value;
                }

            case "dictsort":
                {
                    var p = Bind(["case_sensitive", "by", "reverse"], false, "key", false);
                    if (value is not PyDict dict)
                    {
                        throw TemplateError.Type("dictsort expects a mapping");
                    }

                    var pos = PyOps.ToStr(p[1]) switch
                    {
                        "key" => 0,
                        "value" => 1,
                        _ => throw new TemplateError(TemplateErrorKind.InvalidOperation, "You can only sort by either \"key\" or \"value\""),
                    };
                    var pairs = dict.Pairs.Select(kv => new PyList([kv.Key, kv.Value], isTuple: true)).ToList();
                    var sorted = StableSort(pairs, x => SortKey(x.Items[pos], PyOps.IsTruthy(p[0])), PyOps.IsTruthy(p[2]));
                    return new PyList(sorted.Cast<object?>().ToList());
                }

            case "e":
            case "escape":
            case "forceescape":
                Bind([]);
                return HtmlEscape(PyOps.ToStr(value));
            case "first":
                {
                    Bind([]);
                    var items = PyOps.Iterate(value);
                    return items.Count > 0 ? items[0] : new Undefined("No first item, sequence was empty.");
                }

            case "last":
                {
                    Bind([]);
                    var items = PyOps.Iterate(value);
                    return items.Count > 0 ? items[^1] : new Undefined("No last item, sequence was empty.");
                }

            case "float":
                {
                    var p = Bind(["default"], 0.0);
                    return ToFloat(value) ?? p[0];
                }

            case "int":
                {
                    var p = Bind(["default", "base"], 0L, 10L);
                    return ToInt(value, (int)PyOps.ToLong(p[1])) ?? p[0];
                }

            case "indent":
                {
                    var p = Bind(["width", "first", "blank"], 4L, false, false);
                    return Indent(PyOps.ToStr(value), p[0], PyOps.IsTruthy(p[1]), PyOps.IsTruthy(p[2]));
                }

            case "items":
                Bind([]);
                return value switch
                {
                    Undefined => new PyList([]),
                    PyDict d => new PyList(d.Pairs.Select(kv => (object?)new PyList([kv.Key, kv.Value], isTuple: true)).ToList()),
                    _ => throw TemplateError.Type("Can only get item pairs from a mapping."),
                };
            case "join":
                {
                    var p = Bind(["d", "attribute"], string.Empty, null);
                    var items = PyOps.Iterate(value);
                    if (p[1] is not null)
                    {
                        var getter = AttributeGetter(p[1], null);
                        items = items.Select(getter).ToList();
                    }

                    return string.Join(PyOps.ToStr(p[0]), items.Select(PyOps.ToStr));
                }

            case "list":
                Bind([]);
                return new PyList([.. PyOps.Iterate(value)]);
            case "lower":
                Bind([]);
                return PyStr.Lower(PyOps.ToStr(value));
            case "upper":
                Bind([]);
                return PyStr.Upper(PyOps.ToStr(value));
            case "title":
                Bind([]);
                return PyStr.TitleFilter(PyOps.ToStr(value));
            case "map":
                return Map(r, value, args, kwargs);
            case "max":
            case "min":
                {
                    var p = Bind(["case_sensitive", "attribute"], false, null);
                    var items = PyOps.Iterate(value);
                    if (items.Count == 0)
                    {
                        return new Undefined("No aggregated item, sequence was empty.");
                    }

                    var getter = p[1] is null ? (x => x) : AttributeGetter(p[1], null);
                    var caseSensitive = PyOps.IsTruthy(p[0]);
                    var best = items[0];
                    foreach (var item in items.Skip(1))
                    {
                        var c = PyOps.Compare(SortKey(getter(item), caseSensitive), SortKey(getter(best), caseSensitive), "<");
                        if (name == "max" ? c > 0 : c < 0)
                        {
                            best = item;
                        }
                    }

                    return best;
                }

            case "select":
            case "reject":
                return Select(r, value, args, kwargs, byAttribute: false, keep: name == "select");
            case "selectattr":
            case "rejectattr":
                return Select(r, value, args, kwargs, byAttribute: true, keep: name == "selectattr");
            case "replace":
                {
                    var p = Bind(["old", "new", "count"], Required, Required, null);
                    return PyStr.Replace(PyOps.ToStr(value), PyOps.ToStr(p[0]), PyOps.ToStr(p[1]), p[2] is null ? -1 : PyOps.ToLong(p[2]));
                }

            case "reverse":
                Bind([]);
                return value switch
                {
                    string s => PyStr.Slice(s, null, null, -1L),
                    _ => new PyList(Enumerable.Reverse(PyOps.Iterate(value)).ToList()),
                };
            case "round":
                {
                    var p = Bind(["precision", "method"], 0L, "common");
                    var x = PyOps.ToDouble(value);
                    var precision = (int)PyOps.ToLong(p[0]);
                    var factor = Math.Pow(10, precision);
                    return PyOps.ToStr(p[1]) switch
                    {
                        "common" => Math.Round(x, Math.Clamp(precision, 0, 15), MidpointRounding.ToEven),
                        "ceil" => Math.Ceiling(x * factor) / factor,
                        "floor" => Math.Floor(x * factor) / factor,
                        _ => throw TemplateError.Type("method must be common, ceil or floor"),
                    };
                }

            case "safe":
                Bind([]);
                return PyOps.ToStr(value);
            case "sort":
                {
                    var p = Bind(["reverse", "case_sensitive", "attribute"], false, false, null);
                    var getter = p[2] is null ? (x => x) : AttributeGetter(p[2], null);
                    var caseSensitive = PyOps.IsTruthy(p[1]);
                    return new PyList(StableSort(PyOps.Iterate(value), x => SortKey(getter(x), caseSensitive), PyOps.IsTruthy(p[0])));
                }

            case "string":
                Bind([]);
                return PyOps.ToStr(value);
            case "sum":
                {
                    var p = Bind(["attribute", "start"], null, 0L);
                    var getter = p[0] is null ? (x => x) : AttributeGetter(p[0], null);
                    object? total = p[1];
                    foreach (var item in PyOps.Iterate(value))
                    {
                        total = PyOps.Add(total, getter(item));
                    }

                    return total;
                }

            case "tojson":
                {
                    var p = Bind(["ensure_ascii", "indent", "separators", "sort_keys"], false, null, null, false);
                    return JsonDumper.Dumps(value, p[1], PyOps.IsTruthy(p[0]), p[2], PyOps.IsTruthy(p[3]), r.MaxOutput);
                }

            case "trim":
                {
                    var p = Bind(["chars"], [null]);
                    return PyStr.Strip(PyOps.ToStr(value), p[0], left: true, right: true);
                }

            case "unique":
                {
                    var p = Bind(["case_sensitive", "attribute"], false, null);
                    var getter = p[1] is null ? (x => x) : AttributeGetter(p[1], null);
                    var caseSensitive = PyOps.IsTruthy(p[0]);
                    var seen = new List<object?>();
                    var result = new List<object?>();
                    foreach (var item in PyOps.Iterate(value))
                    {
                        var key = SortKey(getter(item), caseSensitive);
                        if (!seen.Exists(s => PyOps.AreEqual(s, key)))
                        {
                            seen.Add(key);
                            result.Add(item);
                        }
                    }

                    return new PyList(result);
                }

            case "wordcount":
                {
                    Bind([]);
                    var count = 0L;
                    var inWord = false;
                    foreach (var c in PyOps.ToStr(value))
                    {
                        var isWord = char.IsLetterOrDigit(c) || c == '_';
                        if (isWord && !inWord)
                        {
                            count++;
                        }

                        inWord = isWord;
                    }

                    return count;
                }

            default:
                throw new TemplateError(TemplateErrorKind.InvalidOperation, $"no filter named '{name}'");
        }
    }

    private static string HtmlEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&#34;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    private static object? SortKey(object? value, bool caseSensitive) =>
        !caseSensitive && value is string s ? PyStr.Lower(s) : value;

    private static List<object?> StableSort(List<object?> items, Func<object?, object?> key, bool reverse)
    {
        var keyed = items.Select((item, index) => (Item: item, Key: key(item), Index: index)).ToList();
        try
        {
            keyed.Sort((a, b) =>
            {
                var c = PyOps.Compare(a.Key, b.Key, "<");
                if (reverse)
                {
                    c = -c;
                }

                return c != 0 ? c : a.Index.CompareTo(b.Index);
            });
        }
        catch (InvalidOperationException e) when (e.InnerException is TemplateError inner)
        {
            throw new TemplateError(inner.Kind, inner.Message);
        }

        return keyed.Select(k => k.Item).ToList();
    }

    private static List<PyList> StableSort(List<PyList> items, Func<PyList, object?> key, bool reverse) =>
        StableSort(items.Cast<object?>().ToList(), x => key((PyList)x!), reverse).Cast<PyList>().ToList();

    /// <summary>Jinja2's <c>make_attrgetter</c>: "a.b.0" looked up item-first, part by part.</summary>
    private static Func<object?, object?> AttributeGetter(object? attribute, object? defaultValue)
    {
        object?[] parts = attribute is string s
            ? s.Split('.').Select(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (object?)n : p).ToArray()
            : [attribute];
        return item =>
        {
            foreach (var part in parts)
            {
                item = TemplateAccess.GetItem(item, part);
            }

            return item is Undefined && defaultValue is not null ? defaultValue : item;
        };
    }

    private static PyList Map(TemplateRenderer r, object? value, List<object?> args, List<KeyValuePair<string, object?>> kwargs)
    {
        var items = PyOps.Iterate(value);
        if (args.Count == 0)
        {
            var attribute = kwargs.Find(k => k.Key == "attribute");
            if (attribute.Key is null)
            {
                throw TemplateError.Type("map() requires a filter name or an 'attribute' keyword argument");
            }

            var unexpected = kwargs.Find(k => k.Key is not ("attribute" or "default"));
            if (unexpected.Key is not null)
            {
                throw TemplateError.Type($"Unexpected keyword argument '{unexpected.Key}'");
            }

            var getter = AttributeGetter(attribute.Value, kwargs.Find(k => k.Key == "default").Value);
            return new PyList(items.Select(getter).ToList());
        }

        var filter = PyOps.ToStr(args[0]);
        if (!Exists(filter))
        {
            throw new TemplateError(TemplateErrorKind.InvalidOperation, $"no filter named '{filter}'");
        }

        var rest = args.Skip(1).ToList();
        return new PyList(items.Select(x => Apply(r, filter, x, rest, kwargs)).ToList());
    }

    private static PyList Select(TemplateRenderer r, object? value, List<object?> args, List<KeyValuePair<string, object?>> kwargs, bool byAttribute, bool keep)
    {
        var items = PyOps.Iterate(value);
        var offset = 0;
        Func<object?, object?> getter = x => x;
        if (byAttribute)
        {
            if (args.Count == 0)
            {
                throw TemplateError.Type("Missing parameter for attribute name");
            }

            getter = AttributeGetter(args[0], null);
            offset = 1;
        }

        Func<object?, bool> test;
        if (args.Count > offset)
        {
            var testName = PyOps.ToStr(args[offset]);
            if (!TemplateTests.Exists(testName))
            {
                throw new TemplateError(TemplateErrorKind.InvalidOperation, $"no test named '{testName}'");
            }

            var testArgs = args.Skip(offset + 1).ToList();
            test = x => TemplateTests.Apply(r, testName, x, testArgs, kwargs);
        }
        else
        {
            test = PyOps.IsTruthy;
        }

        return new PyList(items.Where(x => test(getter(x)) == keep).ToList());
    }

    private static object? ToFloat(object? value)
    {
        switch (value)
        {
            case Undefined u:
                throw TemplateError.UndefinedUse(u);
            case double d:
                return d;
            case long l:
                return (double)l;
            case bool b:
                return b ? 1.0 : 0.0;
            case string s:
                {
                    var t = PyStr.Strip(s, null, true, true).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
                    if (t is "inf" or "+inf" or "infinity" or "+infinity")
                    {
                        return double.PositiveInfinity;
                    }

                    if (t is "-inf" or "-infinity")
                    {
                        return double.NegativeInfinity;
                    }

                    if (t is "nan" or "+nan" or "-nan")
                    {
                        return double.NaN;
                    }

                    return t.Length > 0 && t.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or '+' or '-')
                        && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
                }

            default:
                return null;
        }
    }

    private static object? ToInt(object? value, int numberBase)
    {
        switch (value)
        {
            case Undefined u:
                throw TemplateError.UndefinedUse(u);
            case long l:
                return l;
            case bool b:
                return b ? 1L : 0L;
            case double d:
                return double.IsFinite(d) && Math.Abs(d) < 9.2e18 ? (long)Math.Truncate(d) : null;
            case string s:
                {
                    var t = PyStr.Strip(s, null, true, true);
                    try
                    {
                        var negative = t.StartsWith('-');
                        var digits = t.TrimStart('+', '-').Replace("_", string.Empty, StringComparison.Ordinal);
                        if (numberBase == 10 && digits.Length > 0 && digits.All(char.IsAsciiDigit) && t.Count(c => c is '+' or '-') <= 1)
                        {
                            var v = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
                            return negative ? -v : v;
                        }

                        if (numberBase is 2 or 8 or 16 && digits.Length > 0)
                        {
                            var v = Convert.ToInt64(digits, numberBase);
                            return negative ? -v : v;
                        }
                    }
                    catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
                    {
                        // fall through to the float attempt, as Jinja2 does
                    }

                    return ToFloat(s) is double f && double.IsFinite(f) && Math.Abs(f) < 9.2e18 ? (long)Math.Truncate(f) : null;
                }

            default:
                return null;
        }
    }

    private static string Indent(string s, object? width, bool first, bool blank)
    {
        var indentation = width is string w ? w : new string(' ', (int)Math.Max(0, PyOps.ToLong(width)));
        s += "\n";
        var lines = SplitLinesNoEnds(s);
        string rv;
        if (blank)
        {
            rv = string.Join("\n" + indentation, lines);
        }
        else
        {
            rv = lines.Count > 0 ? lines[0] : string.Empty;
            if (lines.Count > 1)
            {
                rv += "\n" + string.Join("\n", lines.Skip(1).Select(l => l.Length > 0 ? indentation + l : l));
            }
        }

        return first ? indentation + rv : rv;
    }

    private static List<string> SplitLinesNoEnds(string s)
    {
        var result = new List<string>();
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                result.Add(s[start..i]);
                if (c == '\r' && i + 1 < s.Length && s[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        if (start < s.Length)
        {
            result.Add(s[start..]);
        }

        return result;
    }
}
