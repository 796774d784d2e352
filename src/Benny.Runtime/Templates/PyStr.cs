using System.Globalization;
using System.Text;

namespace Benny.Runtime.Templates;

/// <summary>Python <c>str</c> behaviour: code-point indexing and the string methods templates call.</summary>
internal static class PyStr
{
    private static bool HasSurrogates(string s)
    {
        foreach (var c in s)
        {
            if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The string's code points, each as a string (one or two UTF-16 units).</summary>
    public static List<object?> Chars(string s)
    {
        var list = new List<object?>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list.Add(s.Substring(i, 2));
                i++;
            }
            else
            {
                list.Add(s[i].ToString());
            }
        }

        return list;
    }

    public static long Length(string s) => HasSurrogates(s) ? Chars(s).Count : s.Length;

    public static int CompareCodePoints(string a, string b)
    {
        var i = 0;
        var j = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = NextCodePoint(a, ref i);
            var y = NextCodePoint(b, ref j);
            if (x != y)
            {
                return x.CompareTo(y);
            }
        }

        return (a.Length - i).CompareTo(b.Length - j);
    }

    private static int NextCodePoint(string s, ref int i)
    {
        if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            var cp = char.ConvertToUtf32(s[i], s[i + 1]);
            i += 2;
            return cp;
        }

        return s[i++];
    }

    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    public static string Strip(string s, object? chars, bool left, bool right)
    {
        Func<char, bool> strip;
        if (chars is null or Undefined)
        {
            strip = IsSpace;
        }
        else if (chars is string set)
        {
            strip = c => set.Contains(c, StringComparison.Ordinal);
        }
        else
        {
            throw TemplateError.Type($"strip arg must be None or str, not {PyOps.TypeName(chars)}");
        }

        var start = 0;
        var end = s.Length;
        if (left)
        {
            while (start < end && strip(s[start]))
            {
                start++;
            }
        }

        if (right)
        {
            while (end > start && strip(s[end - 1]))
            {
                end--;
            }
        }

        return s[start..end];
    }

    public static PyList Split(string s, object? sep, long maxSplit)
    {
        var parts = new List<object?>();
        if (sep is null or Undefined)
        {
            var i = 0;
            while (true)
            {
                while (i < s.Length && IsSpace(s[i]))
                {
                    i++;
                }

                if (i >= s.Length)
                {
                    break;
                }

                if (maxSplit >= 0 && parts.Count >= maxSplit)
                {
                    parts.Add(s[i..].TrimEnd().Length == 0 ? string.Empty : RStripSpace(s[i..]));
                    break;
                }

                var j = i;
                while (j < s.Length && !IsSpace(s[j]))
                {
                    j++;
                }

                parts.Add(s[i..j]);
                i = j;
            }

            return new PyList(parts);
        }

        if (sep is not string separator)
        {
            throw TemplateError.Type($"must be str or None, not {PyOps.TypeName(sep)}");
        }

        if (separator.Length == 0)
        {
            throw new TemplateError(TemplateErrorKind.InvalidOperation, "empty separator");
        }

        var pos = 0;
        while (maxSplit < 0 || parts.Count < maxSplit)
        {
            var idx = s.IndexOf(separator, pos, StringComparison.Ordinal);
            if (idx < 0)
            {
                break;
            }

            parts.Add(s[pos..idx]);
            pos = idx + separator.Length;
        }

        parts.Add(s[pos..]);
        return new PyList(parts);
    }

    private static string RStripSpace(string s) => Strip(s, null, left: false, right: true);

    public static string Upper(string s) => s.ToUpperInvariant();

    public static string Lower(string s) => s.ToLowerInvariant();

    /// <summary>Python's <c>str.title()</c>: a letter after a non-letter starts a word.</summary>
    public static string TitleMethod(string s)
    {
        var sb = new StringBuilder(s.Length);
        var previousCased = false;
        foreach (var c in s)
        {
            var cased = char.IsLetter(c);
            sb.Append(cased ? (previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)) : c);
            previousCased = cased;
        }

        return sb.ToString();
    }

    /// <summary>Jinja2's <c>title</c> filter: words start after whitespace, '-', '(', '{', '[' or '&lt;'.</summary>
    public static string TitleFilter(string s)
    {
        var sb = new StringBuilder(s.Length);
        var atStart = true;
        foreach (var c in s)
        {
            if (IsSpace(c) || c is '-' or '(' or '{' or '[' or '<')
            {
                sb.Append(c);
                atStart = true;
            }
            else
            {
                sb.Append(atStart ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
                atStart = false;
            }
        }

        return sb.ToString();
    }

    public static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    public static string Replace(string s, string old, string replacement, long count)
    {
        if (count < 0)
        {
            if (old.Length == 0)
            {
                var chars = Chars(s);
                return replacement + string.Join(replacement, chars) + replacement;
            }

            return s.Replace(old, replacement, StringComparison.Ordinal);
        }

        var sb = new StringBuilder();
        var pos = 0;
        var done = 0L;
        if (old.Length == 0)
        {
            var chars = Chars(s);
            for (var k = 0; k < chars.Count; k++)
            {
                if (done < count)
                {
                    sb.Append(replacement);
                    done++;
                }

                sb.Append((string)chars[k]!);
            }

            if (done < count)
            {
                sb.Append(replacement);
            }

            return sb.ToString();
        }

        while (done < count)
        {
            var idx = s.IndexOf(old, pos, StringComparison.Ordinal);
            if (idx < 0)
            {
                break;
            }

            sb.Append(s, pos, idx - pos).Append(replacement);
            pos = idx + old.Length;
            done++;
        }

        sb.Append(s, pos, s.Length - pos);
        return sb.ToString();
    }

    /// <summary>Python's <c>slice.indices(length)</c>.</summary>
    public static (long Start, long Stop, long Step) SliceIndices(object? start, object? stop, object? step, long length)
    {
        var st = step is null or Undefined ? 1 : PyOps.ToLong(step);
        if (st == 0)
        {
            throw new TemplateError(TemplateErrorKind.InvalidOperation, "slice step cannot be zero");
        }

        long Clamp(object? v, long dflt, bool isStart)
        {
            if (v is null or Undefined)
            {
                return dflt;
            }

            var x = PyOps.ToLong(v);
            if (x < 0)
            {
                x += length;
                if (x < 0)
                {
                    x = st < 0 ? -1 : 0;
                }
            }
            else if (x >= length)
            {
                x = st < 0 ? length - 1 : length;
            }

            return x;
        }

        var s = Clamp(start, st < 0 ? length - 1 : 0, true);
        var e = Clamp(stop, st < 0 ? -1 : length, false);
        return (s, e, st);
    }

    public static List<T> SliceList<T>(IReadOnlyList<T> items, object? start, object? stop, object? step)
    {
        var (s, e, st) = SliceIndices(start, stop, step, items.Count);
        var result = new List<T>();
        if (st > 0)
        {
            for (var i = s; i < e; i += st)
            {
                result.Add(items[(int)i]);
            }
        }
        else
        {
            for (var i = s; i > e; i += st)
            {
                result.Add(items[(int)i]);
            }
        }

        return result;
    }

    public static string Slice(string s, object? start, object? stop, object? step)
    {
        if (!HasSurrogates(s) && step is null or Undefined or 1L)
        {
            var (a, b, _) = SliceIndices(start, stop, 1L, s.Length);
            return b > a ? s[(int)a..(int)b] : string.Empty;
        }

        return string.Concat(SliceList(Chars(s), start, stop, step).Cast<string>());
    }

    public static object? Index(string s, long index)
    {
        var chars = HasSurrogates(s) ? Chars(s) : null;
        var length = chars?.Count ?? s.Length;
        if (index < 0)
        {
            index += length;
        }

        if (index < 0 || index >= length)
        {
            return new Undefined("string index out of range");
        }

        return chars is null ? s[(int)index].ToString() : chars[(int)index];
    }

    public static string Format(string format, List<object?> args, List<KeyValuePair<string, object?>> kwargs)
    {
        var sb = new StringBuilder();
        var auto = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{')
            {
                if (i + 1 < format.Length && format[i + 1] == '{')
                {
                    sb.Append('{');
                    i++;
                    continue;
                }

                var close = format.IndexOf('}', i);
                if (close < 0)
                {
                    throw new TemplateError(TemplateErrorKind.InvalidOperation, "Single '{' encountered in format string");
                }

                var field = format[(i + 1)..close];
                if (field.Contains(':', StringComparison.Ordinal) || field.Contains('!', StringComparison.Ordinal))
                {
                    throw new TemplateError(TemplateErrorKind.InvalidOperation, "format specs and conversions in str.format are not supported by this renderer");
                }

                object? value;
                if (field.Length == 0)
                {
                    value = auto < args.Count ? args[auto++] : throw new TemplateError(TemplateErrorKind.InvalidOperation, "Replacement index out of range for positional args tuple");
                }
                else if (int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    value = n < args.Count ? args[n] : throw new TemplateError(TemplateErrorKind.InvalidOperation, $"Replacement index {n} out of range for positional args tuple");
                }
                else
                {
                    var found = kwargs.FindIndex(p => p.Key == field);
                    value = found >= 0 ? kwargs[found].Value : throw new TemplateError(TemplateErrorKind.InvalidOperation, $"KeyError: '{field}'");
                }

                sb.Append(PyOps.ToStr(value));
                i = close;
            }
            else if (c == '}')
            {
                if (i + 1 < format.Length && format[i + 1] == '}')
                {
                    i++;
                }
                else
                {
                    throw new TemplateError(TemplateErrorKind.InvalidOperation, "Single '}' encountered in format string");
                }

                sb.Append('}');
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
