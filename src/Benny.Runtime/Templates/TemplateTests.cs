namespace Benny.Runtime.Templates;

/// <summary>Jinja2's built-in tests (<c>x is defined</c>, <c>x is divisibleby 3</c>, ...).</summary>
internal static class TemplateTests
{
    private static readonly HashSet<string> Names =
    [
        "defined", "undefined", "none", "boolean", "false", "true", "integer", "float", "number", "string", "mapping",
        "iterable", "sequence", "callable", "sameas", "escaped", "odd", "even", "divisibleby", "lower", "upper", "in",
        "eq", "equalto", "==", "ne", "!=", "lt", "lessthan", "<", "le", "<=", "gt", "greaterthan", ">", "ge", ">=", "filter", "test",
    ];

    public static bool Exists(string name) => Names.Contains(name);

    public static bool Apply(TemplateRenderer renderer, string name, object? value, List<object?> args, List<KeyValuePair<string, object?>> kwargs)
    {
        object? Arg(string parameter) => ArgumentBinder.Bind(name, args, kwargs, [parameter], ArgumentBinder.Required)[0];

        void NoArgs() => ArgumentBinder.Bind(name, args, kwargs, []);

        switch (name)
        {
            case "defined":
                NoArgs();
                return value is not Undefined;
            case "undefined":
                NoArgs();
                return value is Undefined;
            case "none":
                NoArgs();
                return value is null;
            case "boolean":
                NoArgs();
                return value is bool;
            case "true":
                NoArgs();
                return value is true;
            case "false":
                NoArgs();
                return value is false;
            case "integer":
                NoArgs();
                return value is long;
            case "float":
                NoArgs();
                return value is double;
            case "number":
                NoArgs();
                return PyOps.IsNumber(value);
            case "string":
                NoArgs();
                return value is string;
            case "mapping":
                NoArgs();
                return value is PyDict;
            case "iterable":
                NoArgs();
                return PyOps.IsIterable(value);
            case "sequence":
                NoArgs();
                return value is string or PyList or PyDict or Undefined;
            case "callable":
                NoArgs();
                return value is ICallableValue or Undefined;
            case "sameas":
                {
                    var other = Arg("other");
                    return value switch
                    {
                        null => other is null,
                        bool b => other is bool c && b == c,
                        long l => other is long m && l == m && l is >= -5 and <= 256,
                        _ => ReferenceEquals(value, other),
                    };
                }

            case "escaped":
                NoArgs();
                return false;
            case "odd":
            case "even":
                {
                    NoArgs();
                    var rem = PyOps.Arith("%", value, 2L, int.MaxValue);
                    var isOdd = PyOps.AreEqual(rem, 1L);
                    return name == "odd" ? isOdd : PyOps.AreEqual(rem, 0L);
                }

            case "divisibleby":
                return PyOps.AreEqual(PyOps.Arith("%", value, Arg("num"), int.MaxValue), 0L);
            case "lower":
                NoArgs();
                {
                    var s = PyOps.ToStr(value);
                    return s.Any(char.IsLetter) && !s.Any(char.IsUpper);
                }

            case "upper":
                NoArgs();
                {
                    var s = PyOps.ToStr(value);
                    return s.Any(char.IsLetter) && !s.Any(char.IsLower);
                }

            case "in":
                return PyOps.Contains(Arg("seq"), value);
            case "eq":
            case "equalto":
            case "==":
                return PyOps.AreEqual(value, Arg("other"));
            case "ne":
            case "!=":
                return !PyOps.AreEqual(value, Arg("other"));
            case "lt":
            case "lessthan":
            case "<":
                return PyOps.CompareOp("<", value, Arg("other"));
            case "le":
            case "<=":
                return PyOps.CompareOp("<=", value, Arg("other"));
            case "gt":
            case "greaterthan":
            case ">":
                return PyOps.CompareOp(">", value, Arg("other"));
            case "ge":
            case ">=":
                return PyOps.CompareOp(">=", value, Arg("other"));
            case "filter":
                NoArgs();
                return value is string f && TemplateFilters.Exists(f);
            case "test":
                NoArgs();
                return value is string t && Exists(t);
            default:
                throw new TemplateError(TemplateErrorKind.InvalidOperation, $"no test named '{name}'");
        }
    }
}
