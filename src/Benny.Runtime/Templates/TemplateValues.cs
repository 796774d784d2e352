using System.Diagnostics.CodeAnalysis;

namespace Benny.Runtime.Templates;

// The value model of the renderer, mirroring the Python objects Jinja2 works with:
// null = None, bool, long = int, double = float, string = str, PyList = list/tuple, PyDict = dict,
// Undefined, PyNamespace, LoopInfo and ICallableValue (macros, globals, bound methods).

/// <summary>Jinja2's default <c>Undefined</c>: empty when printed, falsy, iterates as empty, fails on use.</summary>
internal sealed class Undefined
{
    public static readonly Undefined Plain = new(null);

    public Undefined(string? hint) => Hint = hint;

    /// <summary>The message Jinja2 gives when the value is used: "'x' is undefined", "'dict object' has no attribute 'y'".</summary>
    public string? Hint { get; }

    public string Message => Hint ?? "value is undefined";
}

/// <summary>A Python list or tuple. Templates never mutate them (the sandbox is immutable).</summary>
internal sealed class PyList
{
    public static readonly PyList EmptyTuple = new([], isTuple: true);

    public PyList(List<object?> items, bool isTuple = false)
    {
        Items = items;
        IsTuple = isTuple;
    }

    public List<object?> Items { get; }

    public bool IsTuple { get; }

    public int Count => Items.Count;
}

/// <summary>A Python dict: insertion-ordered, keys compared as Python compares them (1 == 1.0 == True).</summary>
internal sealed class PyDict
{
    private static readonly object NoneKey = new();
    private readonly OrderedDictionary<object, object?> _items = new(PyKeyComparer.Instance);

    public int Count => _items.Count;

    public void Set(object? key, object? value) => _items[key ?? NoneKey] = value;

    public bool TryGet(object? key, out object? value) => _items.TryGetValue(key ?? NoneKey, out value);

    public bool ContainsKey(object? key) => _items.ContainsKey(key ?? NoneKey);

    public IEnumerable<object?> Keys => _items.Keys.Select(k => ReferenceEquals(k, NoneKey) ? null : k);

    public IEnumerable<object?> Values => _items.Values;

    public IEnumerable<KeyValuePair<object?, object?>> Pairs =>
        _items.Select(p => new KeyValuePair<object?, object?>(ReferenceEquals(p.Key, NoneKey) ? null : p.Key, p.Value));

    public static bool IsHashable(object? key) =>
        key is null or string or bool or long or double || (key is PyList { IsTuple: true } t && t.Items.All(IsHashable)) || key is Undefined;

    private sealed class PyKeyComparer : IEqualityComparer<object>
    {
        public static readonly PyKeyComparer Instance = new();

        public new bool Equals(object? x, object? y) => PyOps.AreEqual(ReferenceEquals(x, NoneKey) ? null : x, ReferenceEquals(y, NoneKey) ? null : y);

        public int GetHashCode([DisallowNull] object obj) => obj switch
        {
            bool b => b ? 1 : 0,
            long l => l.GetHashCode(),
            double d when d == Math.Floor(d) && d is >= long.MinValue and <= long.MaxValue => ((long)d).GetHashCode(),
            double d => d.GetHashCode(),
            string s => StringComparer.Ordinal.GetHashCode(s),
            PyList t => t.Items.Aggregate(17, (h, i) => (h * 31) + (i is null ? 0 : GetHashCode(i))),
            Undefined => 7,
            _ => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj),
        };
    }
}

/// <summary>The object <c>namespace(...)</c> makes: the one value a template may assign attributes to.</summary>
internal sealed class PyNamespace
{
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}

/// <summary>The <c>loop</c> variable of a for loop.</summary>
internal sealed class LoopInfo
{
    public required List<object?> Items { get; init; }

    public int Index0 { get; set; }

    public int Depth0 { get; init; }

    public object? GetAttribute(string name) => name switch
    {
        "index" => (long)(Index0 + 1),
        "index0" => (long)Index0,
        "revindex" => (long)(Items.Count - Index0),
        "revindex0" => (long)(Items.Count - Index0 - 1),
        "first" => Index0 == 0,
        "last" => Index0 == Items.Count - 1,
        "length" => (long)Items.Count,
        "depth" => (long)(Depth0 + 1),
        "depth0" => (long)Depth0,
        "previtem" => Index0 > 0 ? Items[Index0 - 1] : new Undefined("there is no previous item"),
        "nextitem" => Index0 < Items.Count - 1 ? Items[Index0 + 1] : new Undefined("there is no next item"),
        "cycle" => new BuiltinFunction("loop.cycle", (_, args, _) =>
            args.Count == 0 ? throw new TemplateError(TemplateErrorKind.InvalidOperation, "no items for cycling given") : args[Index0 % args.Count]),
        _ => new Undefined($"'LoopContext object' has no attribute '{name}'"),
    };
}

/// <summary>Anything a template can call.</summary>
internal interface ICallableValue
{
    string Name { get; }

    object? Call(TemplateRenderer renderer, List<object?> args, List<KeyValuePair<string, object?>> kwargs);
}

/// <summary>A function implemented in C#: globals, filters used as values, bound methods.</summary>
internal sealed class BuiltinFunction(string name, Func<TemplateRenderer, List<object?>, List<KeyValuePair<string, object?>>, object?> body) : ICallableValue
{
    public string Name { get; } = name;

    public object? Call(TemplateRenderer renderer, List<object?> args, List<KeyValuePair<string, object?>> kwargs) => body(renderer, args, kwargs);
}

/// <summary>
/// What the immutable sandbox gives for a method that would modify its object (<c>list.append</c>, <c>dict.pop</c>):
/// a value that fails when called.
/// </summary>
internal sealed class UnsafeMethod(string typeName, string name) : ICallableValue
{
    public string Name { get; } = name;

    public object? Call(TemplateRenderer renderer, List<object?> args, List<KeyValuePair<string, object?>> kwargs) =>
        throw new TemplateError(TemplateErrorKind.InvalidOperation, $"access to attribute '{Name}' of '{typeName}' object is unsafe (the sandbox is immutable)");
}

/// <summary>An error raised while rendering; the renderer adds the template name and line.</summary>
internal sealed class TemplateError(TemplateErrorKind kind, string message) : Exception(message)
{
    public TemplateErrorKind Kind { get; } = kind;

    public static TemplateError Type(string message) => new(TemplateErrorKind.InvalidOperation, message);

    public static TemplateError UndefinedUse(Undefined u) => new(TemplateErrorKind.UndefinedValue, u.Message);
}
