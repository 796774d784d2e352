using System.Text;

namespace Benny.Runtime.Templates;

/// <summary>A variable scope: the root (render variables over globals), a loop iteration, a macro call, a with block.</summary>
internal sealed class Scope(Scope? parent, Dictionary<string, object?>? vars = null)
{
    private readonly Dictionary<string, object?> _vars = vars ?? new(StringComparer.Ordinal);

    public Scope? Parent { get; } = parent;

    public bool TryGet(string name, out object? value)
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            if (s._vars.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    public void Set(string name, object? value) => _vars[name] = value;
}

/// <summary>A macro closed over the scope it was defined in.</summary>
internal sealed class MacroValue(MacroStmt macro, Scope closure) : ICallableValue
{
    public string Name => macro.Name;

    public object? Call(TemplateRenderer renderer, List<object?> args, List<KeyValuePair<string, object?>> kwargs) =>
        renderer.CallMacro(macro, closure, args, kwargs, caller: null);
}

/// <summary>
/// Renders one parsed template with one set of variables. A new renderer is made for every render, so a parsed
/// template can be rendered from many threads at once.
/// </summary>
internal sealed class TemplateRenderer
{
    private readonly string? _templateName;
    private readonly int _maxOutput;
    private readonly int _maxDepth;
    private long _written;
    private int _depth;

    public TemplateRenderer(string? templateName, TimeProvider timeProvider, int maxOutput, int maxDepth)
    {
        _templateName = templateName;
        TimeProvider = timeProvider;
        _maxOutput = maxOutput;
        _maxDepth = maxDepth;
    }

    public TimeProvider TimeProvider { get; }

    public int MaxOutput => _maxOutput;

    public int Line { get; private set; }

    public string Render(List<Stmt> body, Dictionary<string, object?> variables)
    {
        var root = new Scope(TemplateGlobals.Scope, variables);
        var sb = new StringBuilder();
        try
        {
            Execute(body, root, sb);
        }
        catch (TemplateError e)
        {
            throw new TemplateRenderException(e.Kind, _templateName, Line, e.Message, e);
        }
        catch (LoopControl)
        {
            throw new InvalidOperationException("loop control escaped its loop");
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new TemplateRenderException(TemplateErrorKind.LimitExceeded, _templateName, Line, "template nested too deeply for the stack", e);
        }

        return sb.ToString();
    }

    private sealed class LoopControl(bool isBreak) : Exception
    {
        public bool IsBreak { get; } = isBreak;
    }

    private void Write(StringBuilder sb, string text)
    {
        _written += text.Length;
        if (_written > _maxOutput)
        {
            throw new TemplateError(TemplateErrorKind.LimitExceeded, $"output longer than the limit of {_maxOutput} characters");
        }

        sb.Append(text);
    }

    private void Execute(List<Stmt> body, Scope scope, StringBuilder sb)
    {
        foreach (var stmt in body)
        {
            Line = stmt.Line;
            switch (stmt)
            {
                case TextStmt t:
                    Write(sb, t.Text);
                    break;
                case OutputStmt o:
                    Write(sb, PyOps.ToStr(Eval(o.Value, scope)));
                    break;
                case IfStmt i:
                    ExecuteIf(i, scope, sb);
                    break;
                case ForStmt f:
                    ExecuteFor(f, scope, sb);
                    break;
                case SetStmt s:
                    Assign(s.Target, Eval(s.Value, scope), scope);
                    break;
                case SetBlockStmt s:
                    Assign(s.Target, RenderFiltered(s.Body, s.Filters, scope), scope);
                    break;

                case MacroStmt m:
                    scope.Set(m.Name, new MacroValue(m, scope));
                    break;
                case CallBlockStmt c:
                    {
                        var callee = Eval(c.Call.Callee, scope);
                        var (args, kwargs) = EvalArgs(c.Call.Args, scope);
                        kwargs.Add(new("caller", new MacroValue(c.Caller, scope)));
                        Write(sb, PyOps.ToStr(Invoke(callee, args, kwargs)));
                        break;
                    }

                case FilterBlockStmt f:
                    Write(sb, PyOps.ToStr(RenderFiltered(f.Body, f.Filters, scope)));
                    break;

                case WithStmt w:
                    {
                        var inner = new Scope(scope);
                        foreach (var (target, value) in w.Assignments)
                        {
                            Assign(target, Eval(value, scope), inner);
                        }

                        Execute(w.Body, inner, sb);
                        break;
                    }

                case LoopControlStmt l:
                    throw new LoopControl(l.IsBreak);
                default:
                    throw new InvalidOperationException($"unknown statement {stmt.GetType().Name}");
            }
        }
    }

    private void ExecuteIf(IfStmt i, Scope scope, StringBuilder sb)
    {
        foreach (var (test, body) in i.Branches)
        {
            Line = test.Line;
            if (PyOps.IsTruthy(Eval(test, scope)))
            {
                Execute(body, scope, sb);
                return;
            }
        }

        if (i.Otherwise is not null)
        {
            Execute(i.Otherwise, scope, sb);
        }
    }

    private void ExecuteFor(ForStmt f, Scope scope, StringBuilder sb)
    {
        // Iterating an undefined value yields nothing, as Jinja2's default Undefined does.
        var items = PyOps.Iterate(Eval(f.Iterable, scope));
        if (f.Filter is not null)
        {
            var kept = new List<object?>();
            foreach (var item in items)
            {
                var probe = new Scope(scope);
                Assign(f.Target, item, probe);
                if (PyOps.IsTruthy(Eval(f.Filter, probe)))
                {
                    kept.Add(item);
                }
            }

            items = kept;
        }
        else
        {
            items = [.. items];
        }

        // loop.depth counts recursive-loop levels only; nested loops each start at depth 1, as in Jinja2.
        var loop = new LoopInfo { Items = items, Depth0 = 0 };
        for (var index = 0; index < items.Count; index++)
        {
            loop.Index0 = index;
            var iteration = new Scope(scope);
            iteration.Set("loop", loop);
            Assign(f.Target, items[index], iteration);
            try
            {
                Execute(f.Body, iteration, sb);
            }
            catch (LoopControl control)
            {
                if (control.IsBreak)
                {
                    break;
                }
            }
        }

        if (items.Count == 0 && f.Otherwise is not null)
        {
            Execute(f.Otherwise, scope, sb);
        }
    }

    /// <summary>Renders a block body and passes the text through filters (block <c>set</c> and <c>filter</c> blocks).</summary>
    private object? RenderFiltered(List<Stmt> body, List<FilterExpr> filters, Scope scope)
    {
        var inner = new StringBuilder();
        Execute(body, scope, inner);
        object? value = inner.ToString();
        foreach (var filter in filters)
        {
            value = ApplyFilter(filter, value, scope);
        }

        return value;
    }

    private static void Assign(Expr target, object? value, Scope scope)
    {
        switch (target)
        {
            case NameExpr n:
                scope.Set(n.Name, value);
                break;
            case GetAttrExpr { Target: NameExpr ns } a:
                {
                    if (!scope.TryGet(ns.Name, out var obj) || obj is not PyNamespace nsObj)
                    {
                        throw new TemplateError(TemplateErrorKind.InvalidOperation, "cannot assign attribute on non-namespace object");
                    }

                    nsObj.Attributes[a.Name] = value;
                    break;
                }

            case ListExpr { IsTuple: true } t:
                {
                    if (value is Undefined undefined)
                    {
                        throw TemplateError.UndefinedUse(undefined);
                    }

                    var items = PyOps.Iterate(value);
                    if (items.Count != t.Items.Count)
                    {
                        throw new TemplateError(
                            TemplateErrorKind.InvalidOperation,
                            items.Count > t.Items.Count
                                ? $"too many values to unpack (expected {t.Items.Count})"
                                : $"not enough values to unpack (expected {t.Items.Count}, got {items.Count})");
                    }

                    for (var i = 0; i < items.Count; i++)
                    {
                        Assign(t.Items[i], items[i], scope);
                    }

                    break;
                }

            default:
                throw new InvalidOperationException("invalid assignment target");
        }
    }

    public object? Eval(Expr expr, Scope scope)
    {
        switch (expr)
        {
            case ConstExpr c:
                return c.Value;
            case NameExpr n:
                return scope.TryGet(n.Name, out var v) ? v : new Undefined($"'{n.Name}' is undefined");
            case GetAttrExpr a:
                {
                    var target = Eval(a.Target, scope);
                    Line = a.Line;
                    return TemplateAccess.GetAttribute(target, a.Name);
                }

            case GetItemExpr g:
                {
                    var target = Eval(g.Target, scope);
                    var key = Eval(g.Key, scope);
                    Line = g.Line;
                    return TemplateAccess.GetItem(target, key);
                }

            case SliceExpr s:
                {
                    var target = Eval(s.Target, scope);
                    var start = s.Start is null ? null : Eval(s.Start, scope);
                    var stop = s.Stop is null ? null : Eval(s.Stop, scope);
                    var step = s.Step is null ? null : Eval(s.Step, scope);
                    Line = s.Line;
                    return TemplateAccess.Slice(target, start, stop, step);
                }

            case CallExpr call:
                {
                    var callee = Eval(call.Callee, scope);
                    var (args, kwargs) = EvalArgs(call.Args, scope);
                    Line = call.Line;
                    return Invoke(callee, args, kwargs);
                }

            case FilterExpr f:
                return ApplyFilter(f, f.Value is null ? null : Eval(f.Value, scope), scope);
            case TestExpr t:
                {
                    var value = Eval(t.Value, scope);
                    var (args, kwargs) = EvalArgs(t.Args, scope);
                    Line = t.Line;
                    var result = TemplateTests.Apply(this, t.Name, value, args, kwargs);
                    return t.Negated ? !result : result;
                }

            case BinaryExpr b:
                {
                    var left = Eval(b.Left, scope);
                    var right = Eval(b.Right, scope);
                    Line = b.Line;
                    return PyOps.Arith(b.Op, left, right, _maxOutput);
                }

            case ConcatExpr c:
                {
                    var sb = new StringBuilder();
                    foreach (var part in c.Parts)
                    {
                        sb.Append(PyOps.ToStr(Eval(part, scope)));
                        if (sb.Length > _maxOutput)
                        {
                            throw new TemplateError(TemplateErrorKind.LimitExceeded, $"string longer than the output limit of {_maxOutput} characters");
                        }
                    }

                    return sb.ToString();
                }

            case UnaryExpr u:
                return PyOps.Negate(Eval(u.Operand, scope), u.Negate);
            case NotExpr n:
                return !PyOps.IsTruthy(Eval(n.Operand, scope));
            case AndExpr a:
                {
                    var left = Eval(a.Left, scope);
                    return PyOps.IsTruthy(left) ? Eval(a.Right, scope) : left;
                }

            case OrExpr o:
                {
                    var left = Eval(o.Left, scope);
                    return PyOps.IsTruthy(left) ? left : Eval(o.Right, scope);
                }

            case CompareExpr c:
                {
                    var left = Eval(c.First, scope);
                    foreach (var (op, rightExpr) in c.Rest)
                    {
                        var right = Eval(rightExpr, scope);
                        Line = c.Line;
                        var ok = op switch
                        {
                            "in" => PyOps.Contains(right, left),
                            "notin" => !PyOps.Contains(right, left),
                            _ => PyOps.CompareOp(op, left, right),
                        };
                        if (!ok)
                        {
                            return false;
                        }

                        left = right;
                    }

                    return true;
                }

            case CondExpr c:
                if (PyOps.IsTruthy(Eval(c.Test, scope)))
                {
                    return Eval(c.Then, scope);
                }

                return c.Otherwise is null ? new Undefined("the inline if-expression evaluated to false and no else section was defined.") : Eval(c.Otherwise, scope);
            case ListExpr l:
                {
                    var items = new List<object?>(l.Items.Count);
                    foreach (var item in l.Items)
                    {
                        items.Add(Eval(item, scope));
                    }

                    return new PyList(items, l.IsTuple);
                }

            case DictExpr d:
                {
                    var dict = new PyDict();
                    foreach (var (k, val) in d.Items)
                    {
                        var key = Eval(k, scope);
                        if (!PyDict.IsHashable(key))
                        {
                            throw TemplateError.Type($"unhashable type: '{PyOps.TypeName(key)}'");
                        }

                        dict.Set(key, Eval(val, scope));
                    }

                    return dict;
                }

            default:
                throw new InvalidOperationException($"unknown expression {expr.GetType().Name}");
        }
    }

    private (List<object?> Args, List<KeyValuePair<string, object?>> Kwargs) EvalArgs(Arguments arguments, Scope scope)
    {
        var args = new List<object?>(arguments.Positional.Count);
        foreach (var a in arguments.Positional)
        {
            args.Add(Eval(a, scope));
        }

        var kwargs = new List<KeyValuePair<string, object?>>(arguments.Keyword.Count);
        foreach (var (name, value) in arguments.Keyword)
        {
            kwargs.Add(new(name, Eval(value, scope)));
        }

        if (arguments.DynamicPositional is not null)
        {
            args.AddRange(PyOps.Iterate(Eval(arguments.DynamicPositional, scope)));
        }

        if (arguments.DynamicKeyword is not null)
        {
            if (Eval(arguments.DynamicKeyword, scope) is not PyDict dict)
            {
                throw TemplateError.Type("argument after ** must be a mapping");
            }

            foreach (var (k, val) in dict.Pairs)
            {
                kwargs.Add(new(k as string ?? throw TemplateError.Type("keywords must be strings"), val));
            }
        }

        return (args, kwargs);
    }

    private object? ApplyFilter(FilterExpr f, object? value, Scope scope)
    {
        var (args, kwargs) = EvalArgs(f.Args, scope);
        Line = f.Line;
        return TemplateFilters.Apply(this, f.Name, value, args, kwargs);
    }

    public object? Invoke(object? callee, List<object?> args, List<KeyValuePair<string, object?>> kwargs)
    {
        return callee switch
        {
            ICallableValue c => c.Call(this, args, kwargs),
            Undefined u => throw TemplateError.UndefinedUse(u),
            _ => throw TemplateError.Type($"'{PyOps.TypeName(callee)}' object is not callable"),
        };
    }

    public object? CallMacro(MacroStmt macro, Scope closure, List<object?> args, List<KeyValuePair<string, object?>> kwargs, MacroValue? caller)
    {
        if (++_depth > _maxDepth)
        {
            throw new TemplateError(TemplateErrorKind.LimitExceeded, $"macro calls nested more than {_maxDepth} deep");
        }

        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var line = Line;
        try
        {
            var scope = new Scope(closure);
            var parameters = macro.Parameters;
            for (var i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i];
                object? value;
                var kw = kwargs.FindIndex(k => k.Key == p.Name);
                if (i < args.Count)
                {
                    if (kw >= 0)
                    {
                        throw TemplateError.Type($"macro '{macro.Name}' got multiple values for argument '{p.Name}'");
                    }

                    value = args[i];
                }
                else if (kw >= 0)
                {
                    value = kwargs[kw].Value;
                }
                else if (p.Default is not null)
                {
                    value = Eval(p.Default, scope);
                }
                else
                {
                    value = new Undefined($"parameter '{p.Name}' was not provided");
                }

                scope.Set(p.Name, value);
            }

            var extraKwargs = new PyDict();
            MacroValue? callerValue = caller;
            foreach (var (k, val) in kwargs)
            {
                if (parameters.Exists(p => p.Name == k))
                {
                    continue;
                }

                if (k == "caller" && macro.UsesCaller)
                {
                    callerValue = val as MacroValue;
                    scope.Set("caller", val);
                    continue;
                }

                if (!macro.UsesKwargs)
                {
                    throw TemplateError.Type($"macro '{macro.Name}' takes no keyword argument '{k}'");
                }

                extraKwargs.Set(k, val);
            }

            if (args.Count > parameters.Count && !macro.UsesVarargs)
            {
                throw TemplateError.Type($"macro '{macro.Name}' takes not more than {parameters.Count} argument(s)");
            }

            scope.Set("varargs", new PyList(args.Count > parameters.Count ? args[parameters.Count..] : [], isTuple: true));
            scope.Set("kwargs", extraKwargs);
            if (callerValue is null && macro.UsesCaller && !kwargs.Exists(k => k.Key == "caller"))
            {
                scope.Set("caller", new Undefined("No caller defined"));
            }

            var sb = new StringBuilder();
            Execute(macro.Body, scope, sb);
            return sb.ToString();
        }
        finally
        {
            _depth--;
            Line = line;
        }
    }
}
