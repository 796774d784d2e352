namespace Benny.Runtime.Templates;

/// <summary>
/// The globals every render sees under its variables: Jinja2's <c>range</c>, <c>dict</c>, <c>namespace</c>, and the two
/// transformers adds, <c>raise_exception</c> and <c>strftime_now</c>. Read-only, shared by all renders.
/// </summary>
internal static class TemplateGlobals
{
    /// <summary>The sandbox's cap on <c>range</c> (Jinja2's <c>MAX_RANGE</c>).</summary>
    public const int MaxRange = 100_000;

    public static Scope Scope { get; } = new(null, new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["range"] = new BuiltinFunction("range", (_, args, kwargs) => Range(args, kwargs)),
        ["dict"] = new BuiltinFunction("dict", (_, args, kwargs) => MakeDict("dict", args, kwargs)),
        ["namespace"] = new BuiltinFunction("namespace", (_, args, kwargs) =>
        {
            var ns = new PyNamespace();
            foreach (var (k, v) in MakeDict("namespace", args, kwargs).Pairs)
            {
                ns.Attributes[k as string ?? throw TemplateError.Type("namespace attribute names must be strings")] = v;
            }

            return ns;
        }),
        ["raise_exception"] = new BuiltinFunction("raise_exception", (_, args, kwargs) =>
        {
            var p = ArgumentBinder.Bind("raise_exception", args, kwargs, ["message"], ArgumentBinder.Required);
            throw new TemplateError(TemplateErrorKind.RaisedByTemplate, PyOps.ToStr(p[0]));
        }),
        ["strftime_now"] = new BuiltinFunction("strftime_now", (renderer, args, kwargs) =>
        {
            var p = ArgumentBinder.Bind("strftime_now", args, kwargs, ["format"], ArgumentBinder.Required);
            if (p[0] is not string format)
            {
                throw TemplateError.Type($"strftime() argument 1 must be str, not {PyOps.TypeName(p[0])}");
            }

            return Strftime.Format(renderer.TimeProvider.GetLocalNow(), format);
        }),
    });

    private static PyList Range(List<object?> args, List<KeyValuePair<string, object?>> kwargs)
    {
        if (kwargs.Count > 0)
        {
            throw TemplateError.Type("range() takes no keyword arguments");
        }

        long start = 0, stop, step = 1;
        switch (args.Count)
        {
            case 1:
                stop = PyOps.ToLong(args[0]);
                break;
            case 2:
                start = PyOps.ToLong(args[0]);
                stop = PyOps.ToLong(args[1]);
                break;
            case 3:
                start = PyOps.ToLong(args[0]);
                stop = PyOps.ToLong(args[1]);
                step = PyOps.ToLong(args[2]);
                break;
            default:
                throw TemplateError.Type($"range expected 1 to 3 arguments, got {args.Count}");
        }

        if (step == 0)
        {
            throw new TemplateError(TemplateErrorKind.InvalidOperation, "range() arg 3 must not be zero");
        }

        var count = step > 0 ? (stop > start ? ((stop - start - 1) / step) + 1 : 0) : (start > stop ? ((start - stop - 1) / -step) + 1 : 0);
        if (count > MaxRange)
        {
            throw new TemplateError(TemplateErrorKind.LimitExceeded, $"range too big, maximum size for range is {MaxRange}.");
        }

        var items = new List<object?>((int)count);
        for (long i = 0, v = start; i < count; i++, v += step)
        {
            items.Add(v);
        }

        return new PyList(items);
    }

    private static PyDict MakeDict(string function, List<object?> args, List<KeyValuePair<string, object?>> kwargs)
    {
        var dict = new PyDict();
        if (args.Count > 1)
        {
            throw TemplateError.Type($"{function} expected at most 1 argument, got {args.Count}");
        }

        if (args.Count == 1)
        {
            if (args[0] is PyDict source)
            {
                foreach (var (k, v) in source.Pairs)
                {
                    dict.Set(k, v);
                }
            }
            else
            {
                foreach (var pair in PyOps.Iterate(args[0]))
                {
                    var kv = PyOps.Iterate(pair);
                    if (kv.Count != 2)
                    {
                        throw new TemplateError(TemplateErrorKind.InvalidOperation, $"dictionary update sequence element has length {kv.Count}; 2 is required");
                    }

                    dict.Set(kv[0], kv[1]);
                }
            }
        }

        foreach (var (k, v) in kwargs)
        {
            dict.Set(k, v);
        }

        return dict;
    }
}
