using System.Globalization;

namespace Benny.Runtime.Templates;

/// <summary>
/// Attribute access (<c>a.b</c>), item access (<c>a[b]</c>), slicing and the Python methods templates call, as Jinja2's
/// immutable sandbox resolves them: a failed lookup gives an undefined value, except on an undefined value, where it fails.
/// </summary>
internal static class TemplateAccess
{
    private static readonly HashSet<string> UnsafeDictMethods = ["pop", "popitem", "setdefault", "update", "clear"];
    private static readonly HashSet<string> UnsafeListMethods = ["append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear"];

    private static Undefined NoAttribute(object? obj, string name) =>
        new($"'{PyOps.TypeName(obj)} object' has no attribute '{name}'");

    public static object? GetAttribute(object? obj, string name)
    {
        switch (obj)
        {
            case Undefined u:
                throw TemplateError.UndefinedUse(u);
            case PyDict d:
                return DictMethod(d, name) ?? (d.TryGet(name, out var v) ? v : NoAttribute(obj, name));
            case string s:
                return (object?)StringMethod(s, name) ?? NoAttribute(obj, name);
            case PyList l:
                return ListMethod(l, name) ?? NoAttribute(obj, name);
            case PyNamespace ns:
                return ns.Attributes.TryGetValue(name, out var a) ? a : NoAttribute(obj, name);
            case LoopInfo loop:
                return loop.GetAttribute(name);
            default:
                return NoAttribute(obj, name);
        }
    }

    /// <summary>Python's <c>getattr</c> alone, as the <c>attr</c> filter uses it: a dict's keys are not attributes.</summary>
    public static object? GetPythonAttribute(object? obj, string name) =>
        obj is PyDict d ? DictMethod(d, name) ?? NoAttribute(obj, name) : GetAttribute(obj, name);

    public static object? GetItem(object? obj, object? key)
    {
        switch (obj)
        {
            case Undefined u:
                throw TemplateError.UndefinedUse(u);
            case PyDict d:
                if (PyDict.IsHashable(key) && d.TryGet(key, out var v))
                {
                    return v;
                }

                break;
            case PyList l when key is long or bool:
                {
                    var index = PyOps.ToLong(key);
                    if (index < 0)
                    {
                        index += l.Count;
                    }

                    return index >= 0 && index < l.Count ? l.Items[(int)index] : new Undefined($"'{PyOps.TypeName(obj)} object' has no element {PyOps.ToStr(key)}");
                }

            case string s when key is long or bool:
                return PyStr.Index(s, PyOps.ToLong(key));
            default:
                break;
        }

        if (key is string name)
        {
            return obj is PyDict dict ? DictMethod(dict, name) ?? NoAttribute(obj, name) : GetAttribute(obj, name);
        }

        return new Undefined($"'{PyOps.TypeName(obj)} object' has no element {PyOps.Repr(key)}");
    }

    public static object? Slice(object? obj, object? start, object? stop, object? step)
    {
        foreach (var bound in new[] { start, stop, step })
        {
            if (bound is not (null or long or bool))
            {
                if (bound is Undefined u)
                {
                    throw TemplateError.UndefinedUse(u);
                }

                throw TemplateError.Type("slice indices must be integers or None or have an __index__ method");
            }
        }

        return obj switch
        {
            Undefined u => throw TemplateError.UndefinedUse(u),
            string s => PyStr.Slice(s, start, stop, step),
            PyList l => new PyList(PyStr.SliceList(l.Items, start, stop, step), l.IsTuple),
            _ => new Undefined($"'{PyOps.TypeName(obj)} object' is not subscriptable"),
        };
    }

    private static BuiltinFunction Method(string name, Func<List<object?>, List<KeyValuePair<string, object?>>, object?> body) =>
        new(name, (_, args, kwargs) => body(args, kwargs));

    private static object? DictMethod(PyDict d, string name)
    {
        if (UnsafeDictMethods.Contains(name))
        {
            return new UnsafeMethod("dict", name);
        }

        return name switch
        {
            "items" => Method("dict.items", (a, k) =>
            {
                ArgumentBinder.Bind("items", a, k, []);
                return new PyList(d.Pairs.Select(p => (object?)new PyList([p.Key, p.Value], isTuple: true)).ToList());
            }),
            "keys" => Method("dict.keys", (a, k) =>
            {
                ArgumentBinder.Bind("keys", a, k, []);
                return new PyList(d.Keys.ToList());
            }),
            "values" => Method("dict.values", (a, k) =>
            {
                ArgumentBinder.Bind("values", a, k, []);
                return new PyList(d.Values.ToList());
            }),
            "get" => Method("dict.get", (a, k) =>
            {
                if (k.Count > 0)
                {
                    throw TemplateError.Type("get() takes no keyword arguments");
                }

                var p = ArgumentBinder.Bind("get", a, k, ["key", "default"], ArgumentBinder.Required, null);
                if (!PyDict.IsHashable(p[0]))
                {
                    throw TemplateError.Type($"unhashable type: '{PyOps.TypeName(p[0])}'");
                }

                return d.TryGet(p[0], out var v) ? v : p[1];
            }),
            "copy" => Method("dict.copy", (a, k) =>
            {
                ArgumentBinder.Bind("copy", a, k, []);
                var copy = new PyDict();
                foreach (var (key, value) in d.Pairs)
                {
                    copy.Set(key, value);
                }

                return copy;
            }),
            _ => null,
        };
    }

    private static object? ListMethod(PyList l, string name)
    {
        if (UnsafeListMethods.Contains(name) && !l.IsTuple)
        {
            return new UnsafeMethod("list", name);
        }

        return name switch
        {
            "index" => Method("list.index", (a, k) =>
            {
                var p = ArgumentBinder.Bind("index", a, k, ["value"], ArgumentBinder.Required);
                var i = l.Items.FindIndex(x => PyOps.AreEqual(x, p[0]));
                return i >= 0 ? (long)i : throw new TemplateError(TemplateErrorKind.InvalidOperation, $"{PyOps.Repr(p[0])} is not in list");
            }),
            "count" => Method("list.count", (a, k) =>
            {
                var p = ArgumentBinder.Bind("count", a, k, ["value"], ArgumentBinder.Required);
                return (long)l.Items.Count(x => PyOps.AreEqual(x, p[0]));
            }),
            "copy" when !l.IsTuple => Method("list.copy", (a, k) =>
            {
                ArgumentBinder.Bind("copy", a, k, []);
                return new PyList([.. l.Items]);
            }),
            _ => null,
        };
    }

    private static string Str(object? v, string function)
    {
        return v switch
        {
            string s => s,
            Undefined u => throw TemplateError.UndefinedUse(u),
            _ => throw TemplateError.Type($"{function}() argument must be str, not {PyOps.TypeName(v)}"),
        };
    }

    private static bool AffixMatches(string s, object? affix, object? start, object? end, bool prefix, string function)
    {
        var (from, to, _) = PyStr.SliceIndices(start, end, null, PyStr.Length(s));
        var sub = PyStr.Slice(s, from, Math.Max(from, to), null);
        if (affix is PyList { IsTuple: true } options)
        {
            return options.Items.Any(o => AffixMatches(sub, o, null, null, prefix, function));
        }

        if (affix is not string text)
        {
            throw TemplateError.Type($"{function} first arg must be str or a tuple of str, not {PyOps.TypeName(affix)}");
        }

        return prefix ? sub.StartsWith(text, StringComparison.Ordinal) : sub.EndsWith(text, StringComparison.Ordinal);
    }

    private static BuiltinFunction? StringMethod(string s, string name)
    {
        return name switch
        {
            "strip" or "lstrip" or "rstrip" => Method("str." + name, (a, k) =>
            {
                var p = ArgumentBinder.Bind(name, a, k, ["chars"], [null]);
                return PyStr.Strip(s, p[0], left: name != "rstrip", right: name != "lstrip");
            }),
            "split" => Method("str.split", (a, k) =>
            {
                var p = ArgumentBinder.Bind("split", a, k, ["sep", "maxsplit"], null, -1L);
                return PyStr.Split(s, p[0], PyOps.ToLong(p[1]));
            }),
            "splitlines" => Method("str.splitlines", (a, k) =>
            {
                var p = ArgumentBinder.Bind("splitlines", a, k, ["keepends"], false);
                return SplitLines(s, PyOps.IsTruthy(p[0]));
            }),
            "startswith" or "endswith" => Method("str." + name, (a, k) =>
            {
                var p = ArgumentBinder.Bind(name, a, k, ["prefix", "start", "end"], ArgumentBinder.Required, null, null);
                return AffixMatches(s, p[0], p[1], p[2], name == "startswith", name);
            }),
            "upper" => Method("str.upper", (a, k) => Bound0(a, k, name, PyStr.Upper(s))),
            "lower" => Method("str.lower", (a, k) => Bound0(a, k, name, PyStr.Lower(s))),
            "title" => Method("str.title", (a, k) => Bound0(a, k, name, PyStr.TitleMethod(s))),
            "capitalize" => Method("str.capitalize", (a, k) => Bound0(a, k, name, PyStr.Capitalize(s))),
            "isdigit" => Method("str.isdigit", (a, k) => Bound0(a, k, name, s.Length > 0 && s.All(char.IsDigit))),
            "isalpha" => Method("str.isalpha", (a, k) => Bound0(a, k, name, s.Length > 0 && s.All(char.IsLetter))),
            "isalnum" => Method("str.isalnum", (a, k) => Bound0(a, k, name, s.Length > 0 && s.All(char.IsLetterOrDigit))),
            "isspace" => Method("str.isspace", (a, k) => Bound0(a, k, name, s.Length > 0 && s.All(PyStr.IsSpace))),
            "islower" => Method("str.islower", (a, k) => Bound0(a, k, name, s.Any(char.IsLetter) && !s.Any(char.IsUpper))),
            "isupper" => Method("str.isupper", (a, k) => Bound0(a, k, name, s.Any(char.IsLetter) && !s.Any(char.IsLower))),
            "replace" => Method("str.replace", (a, k) =>
            {
                var p = ArgumentBinder.Bind("replace", a, k, ["old", "new", "count"], ArgumentBinder.Required, ArgumentBinder.Required, -1L);
                return PyStr.Replace(s, Str(p[0], "replace"), Str(p[1], "replace"), PyOps.ToLong(p[2]));
            }),
            "find" or "rfind" or "index" or "rindex" or "count" => Method("str." + name, (a, k) =>
            {
                var p = ArgumentBinder.Bind(name, a, k, ["sub"], ArgumentBinder.Required);
                var sub = Str(p[0], name);
                if (name == "count")
                {
                    return (long)CountOccurrences(s, sub);
                }

                var i = name.StartsWith('r') ? s.LastIndexOf(sub, StringComparison.Ordinal) : s.IndexOf(sub, StringComparison.Ordinal);
                if (i < 0 && name.EndsWith("index", StringComparison.Ordinal))
                {
                    throw new TemplateError(TemplateErrorKind.InvalidOperation, "substring not found");
                }

                return i < 0 ? -1L : PyStr.Length(s[..i]);
            }),
            "join" => Method("str.join", (a, k) =>
            {
                var p = ArgumentBinder.Bind("join", a, k, ["iterable"], ArgumentBinder.Required);
                var parts = PyOps.Iterate(p[0]).Select((x, i) => x as string ?? throw TemplateError.Type($"sequence item {i}: expected str instance, {PyOps.TypeName(x)} found"));
                return string.Join(s, parts);
            }),
            "format" => Method("str.format", (a, k) => PyStr.Format(s, a, k)),
            _ => null,
        };
    }

    private static object? Bound0(List<object?> a, List<KeyValuePair<string, object?>> k, string name, object? result)
    {
        ArgumentBinder.Bind(name, a, k, []);
        return result;
    }

    private static int CountOccurrences(string s, string sub)
    {
        if (sub.Length == 0)
        {
            return (int)PyStr.Length(s) + 1;
        }

        var count = 0;
        var pos = 0;
        while ((pos = s.IndexOf(sub, pos, StringComparison.Ordinal)) >= 0)
        {
            count++;
            pos += sub.Length;
        }

        return count;
    }

    private static PyList SplitLines(string s, bool keepEnds)
    {
        var lines = new List<object?>();
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                var end = i;
                if (c == '\r' && i + 1 < s.Length && s[i + 1] == '\n')
                {
                    i++;
                }

                lines.Add(keepEnds ? s[start..(i + 1)] : s[start..end]);
                start = i + 1;
            }
        }

        if (start < s.Length)
        {
            lines.Add(s[start..]);
        }

        return new PyList(lines);
    }

    public static string FormatInvariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
