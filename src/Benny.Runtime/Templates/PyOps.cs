using System.Globalization;
using System.Text;

namespace Benny.Runtime.Templates;

/// <summary>Python semantics of the value model: truth, str/repr, equality, ordering, arithmetic, membership, access.</summary>
internal static class PyOps
{
    public static string TypeName(object? v) => v switch
    {
        null => "NoneType",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        PyList { IsTuple: true } => "tuple",
        PyList => "list",
        PyDict => "dict",
        Undefined => "Undefined",
        PyNamespace => "Namespace",
        LoopInfo => "LoopContext",
        ICallableValue => "function",
        _ => v.GetType().Name,
    };

    public static bool IsTruthy(object? v) => v switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length != 0,
        PyList l => l.Count != 0,
        PyDict d => d.Count != 0,
        Undefined => false,
        _ => true,
    };

    public static bool IsNumber(object? v) => v is long or double or bool;

    /// <summary>Python's <c>str(v)</c>, with Jinja2's rule that undefined prints as nothing.</summary>
    public static string ToStr(object? v) => v switch
    {
        string s => s,
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FloatRepr(d),
        Undefined => string.Empty,
        _ => Repr(v),
    };

    public static string Repr(object? v)
    {
        var sb = new StringBuilder();
        AppendRepr(sb, v, 0);
        return sb.ToString();
    }

    private static void AppendRepr(StringBuilder sb, object? v, int depth)
    {
        if (depth > 200)
        {
            throw new TemplateError(TemplateErrorKind.LimitExceeded, "value nested too deeply to print");
        }

        switch (v)
        {
            case string s:
                AppendStringRepr(sb, s);
                break;
            case PyList list:
                sb.Append(list.IsTuple ? '(' : '[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    AppendRepr(sb, list.Items[i], depth + 1);
                }

                if (list.IsTuple && list.Count == 1)
                {
                    sb.Append(',');
                }

                sb.Append(list.IsTuple ? ')' : ']');
                break;
            case PyDict dict:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in dict.Pairs)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    AppendRepr(sb, key, depth + 1);
                    sb.Append(": ");
                    AppendRepr(sb, value, depth + 1);
                }

                sb.Append('}');
                break;
            case Undefined:
                sb.Append("Undefined");
                break;
            case PyNamespace ns:
                sb.Append("<Namespace ");
                AppendRepr(sb, ToDict(ns.Attributes), depth + 1);
                sb.Append('>');
                break;
            case ICallableValue c:
                sb.Append("<function ").Append(c.Name).Append('>');
                break;
            case LoopInfo:
                sb.Append("<LoopContext>");
                break;
            default:
                sb.Append(ToStr(v));
                break;
        }
    }

    private static PyDict ToDict(Dictionary<string, object?> attrs)
    {
        var d = new PyDict();
        foreach (var (k, val) in attrs)
        {
            d.Set(k, val);
        }

        return d;
    }

    private static void AppendStringRepr(StringBuilder sb, string s)
    {
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        sb.Append(quote);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == quote || c == '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (c == '\n')
            {
                sb.Append("\\n");
            }
            else if (c == '\r')
            {
                sb.Append("\\r");
            }
            else if (c == '\t')
            {
                sb.Append("\\t");
            }
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                var cp = char.ConvertToUtf32(c, s[i + 1]);
                if (IsPrintable(cp))
                {
                    sb.Append(c).Append(s[i + 1]);
                }
                else
                {
                    sb.Append("\\U").Append(cp.ToString("x8", CultureInfo.InvariantCulture));
                }

                i++;
            }
            else if (IsPrintable(c))
            {
                sb.Append(c);
            }
            else if (c < 0x100)
            {
                sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        sb.Append(quote);
    }

    private static bool IsPrintable(int cp)
    {
        if (cp == ' ')
        {
            return true;
        }

        var cat = cp <= 0xFFFF ? CharUnicodeInfo.GetUnicodeCategory((char)cp) : CharUnicodeInfo.GetUnicodeCategory(cp);
        return cat is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator);
    }

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, exponent form outside 1e-4 .. 1e16.</summary>
    public static string FloatRepr(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }

        if (d == 0)
        {
            return double.IsNegative(d) ? "-0.0" : "0.0";
        }

        // "E16" is not shortest; "R" is, in .NET Core 3.0 and later. Split it into digits and exponent.
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = r[0] == '-';
        if (negative)
        {
            r = r[1..];
        }

        var exp = 0;
        var ePos = r.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exp = int.Parse(r.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..ePos];
        }

        var dot = r.IndexOf('.', StringComparison.Ordinal);
        string digits;
        int decpt;
        if (dot >= 0)
        {
            digits = r[..dot] + r[(dot + 1)..];
            decpt = dot + exp;
        }
        else
        {
            digits = r;
            decpt = r.Length + exp;
        }

        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
            decpt--;
        }

        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        if (decpt is > -4 and <= 16)
        {
            if (decpt <= 0)
            {
                sb.Append("0.").Append('0', -decpt).Append(digits);
            }
            else if (decpt >= digits.Length)
            {
                sb.Append(digits).Append('0', decpt - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, decpt).Append('.').Append(digits, decpt, digits.Length - decpt);
            }
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            var e = decpt - 1;
            sb.Append('e').Append(e < 0 ? '-' : '+').Append(Math.Abs(e).ToString("00", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    public static bool AreEqual(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (IsNumber(a) && IsNumber(b))
        {
            if (a is double || b is double)
            {
                return ToDouble(a) == ToDouble(b);
            }

            return ToLong(a) == ToLong(b);
        }

        switch (a)
        {
            case null:
                return b is null;
            case string s:
                return b is string t && string.Equals(s, t, StringComparison.Ordinal);
            case PyList l:
                if (b is not PyList m || l.IsTuple != m.IsTuple || l.Count != m.Count)
                {
                    return false;
                }

                for (var i = 0; i < l.Count; i++)
                {
                    if (!AreEqual(l.Items[i], m.Items[i]))
                    {
                        return false;
                    }
                }

                return true;
            case PyDict d:
                if (b is not PyDict e || d.Count != e.Count)
                {
                    return false;
                }

                foreach (var (k, v) in d.Pairs)
                {
                    if (!e.TryGet(k, out var w) || !AreEqual(v, w))
                    {
                        return false;
                    }
                }

                return true;
            case Undefined:
                return b is Undefined;
            default:
                return false;
        }
    }

    public static double ToDouble(object? v) => v switch
    {
        double d => d,
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw TemplateError.Type($"must be real number, not {TypeName(v)}"),
    };

    public static long ToLong(object? v) => v switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw TemplateError.Type($"an integer is required, not {TypeName(v)}"),
    };

    /// <summary>Python ordering (&lt;); returns negative, zero or positive.</summary>
    public static int Compare(object? a, object? b, string op)
    {
        if (a is Undefined ua)
        {
            throw TemplateError.UndefinedUse(ua);
        }

        if (b is Undefined ub)
        {
            throw TemplateError.UndefinedUse(ub);
        }

        if (IsNumber(a) && IsNumber(b))
        {
            if (a is double || b is double)
            {
                var x = ToDouble(a);
                var y = ToDouble(b);
                return double.IsNaN(x) || double.IsNaN(y) ? int.MinValue : x.CompareTo(y);
            }

            return ToLong(a).CompareTo(ToLong(b));
        }

        if (a is string s && b is string t)
        {
            return PyStr.CompareCodePoints(s, t);
        }

        if (a is PyList l && b is PyList m && l.IsTuple == m.IsTuple)
        {
            for (var i = 0; i < Math.Min(l.Count, m.Count); i++)
            {
                if (!AreEqual(l.Items[i], m.Items[i]))
                {
                    return Compare(l.Items[i], m.Items[i], op);
                }
            }

            return l.Count.CompareTo(m.Count);
        }

        throw TemplateError.Type($"'{op}' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

    public static bool CompareOp(string op, object? a, object? b)
    {
        switch (op)
        {
            case "==":
                return AreEqual(a, b);
            case "!=":
                return !AreEqual(a, b);
            default:
                var c = Compare(a, b, op);
                if (c == int.MinValue)
                {
                    return false; // NaN
                }

                return op switch
                {
                    "<" => c < 0,
                    "<=" => c <= 0,
                    ">" => c > 0,
                    ">=" => c >= 0,
                    _ => throw new InvalidOperationException(op),
                };
        }
    }

    public static bool Contains(object? container, object? item)
    {
        switch (container)
        {
            case string s:
                if (item is Undefined u)
                {
                    throw TemplateError.UndefinedUse(u);
                }

                if (item is not string t)
                {
                    throw TemplateError.Type($"'in <string>' requires string as left operand, not {TypeName(item)}");
                }

                return s.Contains(t, StringComparison.Ordinal);
            case PyList l:
                return l.Items.Any(x => AreEqual(x, item));
            case PyDict d:
                if (!PyDict.IsHashable(item))
                {
                    throw TemplateError.Type($"unhashable type: '{TypeName(item)}'");
                }

                return d.ContainsKey(item);
            case Undefined:
                return false;
            case PyNamespace:
            case LoopInfo:
            default:
                throw TemplateError.Type($"argument of type '{TypeName(container)}' is not iterable");
        }
    }

    /// <summary>Python's <c>iter(v)</c>, materialized.</summary>
    public static List<object?> Iterate(object? v) => v switch
    {
        PyList l => l.Items,
        PyDict d => d.Keys.ToList(),
        string s => PyStr.Chars(s),
        Undefined => [],
        _ => throw TemplateError.Type($"'{TypeName(v)}' object is not iterable"),
    };

    public static bool IsIterable(object? v) => v is PyList or PyDict or string or Undefined;

    public static long Length(object? v) => v switch
    {
        string s => PyStr.Length(s),
        PyList l => l.Count,
        PyDict d => d.Count,
        Undefined => 0,
        _ => throw TemplateError.Type($"object of type '{TypeName(v)}' has no len()"),
    };

    public static object? Add(object? a, object? b)
    {
        FailOnUndefined(a, b);
        if (a is string s && b is string t)
        {
            return s + t;
        }

        if (a is PyList l && b is PyList m && l.IsTuple == m.IsTuple)
        {
            var items = new List<object?>(l.Count + m.Count);
            items.AddRange(l.Items);
            items.AddRange(m.Items);
            return new PyList(items, l.IsTuple);
        }

        if (IsNumber(a) && IsNumber(b))
        {
            return a is double || b is double ? (object)(ToDouble(a) + ToDouble(b)) : Checked(() => checked(ToLong(a) + ToLong(b)));
        }

        if (a is string || b is string)
        {
            throw TemplateError.Type(a is string
                ? $"can only concatenate str (not \"{TypeName(b)}\") to str"
                : $"unsupported operand type(s) for +: '{TypeName(a)}' and '{TypeName(b)}'");
        }

        throw TemplateError.Type($"unsupported operand type(s) for +: '{TypeName(a)}' and '{TypeName(b)}'");
    }

    public static object? Arith(string op, object? a, object? b, int maxLength)
    {
        if (op == "+")
        {
            return Add(a, b);
        }

        FailOnUndefined(a, b);
        if (op == "*")
        {
            if (a is string s && b is long or bool)
            {
                return Repeat(s, ToLong(b), maxLength);
            }

            if (b is string t && a is long or bool)
            {
                return Repeat(t, ToLong(a), maxLength);
            }

            if (a is PyList l && b is long or bool)
            {
                return RepeatList(l, ToLong(b), maxLength);
            }

            if (b is PyList m && a is long or bool)
            {
                return RepeatList(m, ToLong(a), maxLength);
            }
        }

        if (!IsNumber(a) || !IsNumber(b))
        {
            throw TemplateError.Type($"unsupported operand type(s) for {op}: '{TypeName(a)}' and '{TypeName(b)}'");
        }

        var isFloat = a is double || b is double;
        switch (op)
        {
            case "-":
                return isFloat ? (object)(ToDouble(a) - ToDouble(b)) : Checked(() => checked(ToLong(a) - ToLong(b)));
            case "*":
                return isFloat ? (object)(ToDouble(a) * ToDouble(b)) : Checked(() => checked(ToLong(a) * ToLong(b)));
            case "/":
                {
                    var y = ToDouble(b);
                    if (y == 0)
                    {
                        throw TemplateError.Type("division by zero");
                    }

                    return ToDouble(a) / y;
                }

            case "//":
                if (isFloat)
                {
                    var y = ToDouble(b);
                    if (y == 0)
                    {
                        throw TemplateError.Type("float floor division by zero");
                    }

                    return Math.Floor(ToDouble(a) / y);
                }
                else
                {
                    var x = ToLong(a);
                    var y = ToLong(b);
                    if (y == 0)
                    {
                        throw TemplateError.Type("integer division or modulo by zero");
                    }

                    var q = x / y;
                    if ((x % y != 0) && ((x < 0) != (y < 0)))
                    {
                        q--;
                    }

                    return q;
                }

            case "%":
                if (isFloat)
                {
                    var x = ToDouble(a);
                    var y = ToDouble(b);
                    if (y == 0)
                    {
                        throw TemplateError.Type("float modulo");
                    }

                    var r = x % y;
                    if (r != 0 && (r < 0) != (y < 0))
                    {
                        r += y;
                    }

                    return r;
                }
                else
                {
                    var x = ToLong(a);
                    var y = ToLong(b);
                    if (y == 0)
                    {
                        throw TemplateError.Type("integer division or modulo by zero");
                    }

                    var r = x % y;
                    if (r != 0 && (r < 0) != (y < 0))
                    {
                        r += y;
                    }

                    return r;
                }

            case "**":
                if (!isFloat && ToLong(b) >= 0)
                {
                    var x = ToLong(a);
                    var e = ToLong(b);
                    long result = 1;
                    for (long i = 0; i < e; i++)
                    {
                        result = Checked(() => checked(result * x));
                        if (result == 0 || result == 1 && x == 1)
                        {
                            break;
                        }
                    }

                    return result;
                }
                else
                {
                    var x = ToDouble(a);
                    var y = ToDouble(b);
                    if (x == 0 && y < 0)
                    {
                        throw TemplateError.Type("0.0 cannot be raised to a negative power");
                    }

                    return Math.Pow(x, y);
                }

            default:
                throw new InvalidOperationException(op);
        }
    }

    private static long Checked(Func<long> f)
    {
        try
        {
            return f();
        }
        catch (OverflowException)
        {
            throw new TemplateError(TemplateErrorKind.LimitExceeded, "integer result does not fit in 64 bits (this renderer has no big integers)");
        }
    }

    private static string Repeat(string s, long n, int maxLength)
    {
        if (n <= 0 || s.Length == 0)
        {
            return string.Empty;
        }

        if (s.Length * n > maxLength)
        {
            throw new TemplateError(TemplateErrorKind.LimitExceeded, $"string repetition longer than the output limit of {maxLength} characters");
        }

        return new StringBuilder(s.Length * (int)n).Insert(0, s, (int)n).ToString();
    }

    private static PyList RepeatList(PyList l, long n, int maxLength)
    {
        if (n <= 0 || l.Count == 0)
        {
            return new PyList([], l.IsTuple);
        }

        if (l.Count * n > maxLength)
        {
            throw new TemplateError(TemplateErrorKind.LimitExceeded, $"list repetition longer than {maxLength} items");
        }

        var items = new List<object?>();
        for (var i = 0; i < n; i++)
        {
            items.AddRange(l.Items);
        }

        return new PyList(items, l.IsTuple);
    }

    private static void FailOnUndefined(object? a, object? b)
    {
        if (a is Undefined u)
        {
            throw TemplateError.UndefinedUse(u);
        }

        if (b is Undefined v)
        {
            throw TemplateError.UndefinedUse(v);
        }
    }

    public static object? Negate(object? v, bool negate) => v switch
    {
        Undefined u => throw TemplateError.UndefinedUse(u),
        long l => (object)(negate ? -l : l),
        bool b => negate ? -(b ? 1L : 0L) : (b ? 1L : 0L),
        double d => negate ? -d : d,
        _ => throw TemplateError.Type($"bad operand type for unary {(negate ? '-' : '+')}: '{TypeName(v)}'"),
    };
}
