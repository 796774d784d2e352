namespace Benny.Runtime.Templates;

// The syntax tree of a parsed template. Immutable after parsing, so one tree serves many renders at once.

internal abstract class Node(int line)
{
    public int Line { get; } = line;
}

internal abstract class Expr(int line) : Node(line);

internal sealed class ConstExpr(int line, object? value) : Expr(line)
{
    public object? Value { get; } = value;
}

internal sealed class NameExpr(int line, string name) : Expr(line)
{
    public string Name { get; } = name;
}

internal sealed class GetAttrExpr(int line, Expr target, string name) : Expr(line)
{
    public Expr Target { get; } = target;

    public string Name { get; } = name;
}

internal sealed class GetItemExpr(int line, Expr target, Expr key) : Expr(line)
{
    public Expr Target { get; } = target;

    public Expr Key { get; } = key;
}

internal sealed class SliceExpr(int line, Expr target, Expr? start, Expr? stop, Expr? step) : Expr(line)
{
    public Expr Target { get; } = target;

    public Expr? Start { get; } = start;

    public Expr? Stop { get; } = stop;

    public Expr? Step { get; } = step;
}

internal sealed class Arguments
{
    public static readonly Arguments None = new();

    public List<Expr> Positional { get; } = [];

    public List<KeyValuePair<string, Expr>> Keyword { get; } = [];

    public Expr? DynamicPositional { get; set; }

    public Expr? DynamicKeyword { get; set; }
}

internal sealed class CallExpr(int line, Expr callee, Arguments args) : Expr(line)
{
    public Expr Callee { get; } = callee;

    public Arguments Args { get; } = args;
}

internal sealed class FilterExpr(int line, Expr? value, string name, Arguments args) : Expr(line)
{
    /// <summary>The filtered value; <see langword="null"/> in a filter block, where the block's output is filtered.</summary>
    public Expr? Value { get; } = value;

    public string Name { get; } = name;

    public Arguments Args { get; } = args;
}

internal sealed class TestExpr(int line, Expr value, string name, Arguments args, bool negated) : Expr(line)
{
    public Expr Value { get; } = value;

    public string Name { get; } = name;

    public Arguments Args { get; } = args;

    public bool Negated { get; } = negated;
}

internal sealed class BinaryExpr(int line, string op, Expr left, Expr right) : Expr(line)
{
    public string Op { get; } = op;

    public Expr Left { get; } = left;

    public Expr Right { get; } = right;
}

internal sealed class ConcatExpr(int line, List<Expr> parts) : Expr(line)
{
    public List<Expr> Parts { get; } = parts;
}

internal sealed class UnaryExpr(int line, bool negate, Expr operand) : Expr(line)
{
    public bool Negate { get; } = negate;

    public Expr Operand { get; } = operand;
}

internal sealed class NotExpr(int line, Expr operand) : Expr(line)
{
    public Expr Operand { get; } = operand;
}

internal sealed class AndExpr(int line, Expr left, Expr right) : Expr(line)
{
    public Expr Left { get; } = left;

    public Expr Right { get; } = right;
}

internal sealed class OrExpr(int line, Expr left, Expr right) : Expr(line)
{
    public Expr Left { get; } = left;

    public Expr Right { get; } = right;
}

internal sealed class CompareExpr(int line, Expr first, List<KeyValuePair<string, Expr>> rest) : Expr(line)
{
    public Expr First { get; } = first;

    /// <summary>Operators: == != &lt; &lt;= &gt; &gt;= in notin.</summary>
    public List<KeyValuePair<string, Expr>> Rest { get; } = rest;
}

internal sealed class CondExpr(int line, Expr test, Expr then, Expr? otherwise) : Expr(line)
{
    public Expr Test { get; } = test;

    public Expr Then { get; } = then;

    public Expr? Otherwise { get; } = otherwise;
}

internal sealed class ListExpr(int line, List<Expr> items, bool isTuple) : Expr(line)
{
    public List<Expr> Items { get; } = items;

    public bool IsTuple { get; } = isTuple;
}

internal sealed class DictExpr(int line, List<KeyValuePair<Expr, Expr>> items) : Expr(line)
{
    public List<KeyValuePair<Expr, Expr>> Items { get; } = items;
}

internal abstract class Stmt(int line) : Node(line);

internal sealed class TextStmt(int line, string text) : Stmt(line)
{
    public string Text { get; } = text;
}

internal sealed class OutputStmt(int line, Expr value) : Stmt(line)
{
    public Expr Value { get; } = value;
}

internal sealed class IfStmt(int line, List<KeyValuePair<Expr, List<Stmt>>> branches, List<Stmt>? otherwise) : Stmt(line)
{
    public List<KeyValuePair<Expr, List<Stmt>>> Branches { get; } = branches;

    public List<Stmt>? Otherwise { get; } = otherwise;
}

internal sealed class ForStmt(int line, Expr target, Expr iterable, Expr? filter, List<Stmt> body, List<Stmt>? otherwise) : Stmt(line)
{
    public Expr Target { get; } = target;

    public Expr Iterable { get; } = iterable;

    public Expr? Filter { get; } = filter;

    public List<Stmt> Body { get; } = body;

    public List<Stmt>? Otherwise { get; } = otherwise;
}

internal sealed class SetStmt(int line, Expr target, Expr value) : Stmt(line)
{
    public Expr Target { get; } = target;

    public Expr Value { get; } = value;
}

internal sealed class SetBlockStmt(int line, Expr target, List<FilterExpr> filters, List<Stmt> body) : Stmt(line)
{
    public Expr Target { get; } = target;

    public List<FilterExpr> Filters { get; } = filters;

    public List<Stmt> Body { get; } = body;
}

internal sealed class MacroParameter(string name, Expr? defaultValue)
{
    public string Name { get; } = name;

    public Expr? Default { get; } = defaultValue;
}

internal sealed class MacroStmt(int line, string name, List<MacroParameter> parameters, List<Stmt> body, HashSet<string> namesUsed) : Stmt(line)
{
    public bool UsesVarargs { get; } = namesUsed.Contains("varargs");

    public bool UsesKwargs { get; } = namesUsed.Contains("kwargs");

    public bool UsesCaller { get; } = namesUsed.Contains("caller");

    public string Name { get; } = name;

    public List<MacroParameter> Parameters { get; } = parameters;

    public List<Stmt> Body { get; } = body;
}

internal sealed class CallBlockStmt(int line, CallExpr call, MacroStmt caller) : Stmt(line)
{
    public CallExpr Call { get; } = call;

    /// <summary>The block body as the macro passed to the callee as <c>caller</c>.</summary>
    public MacroStmt Caller { get; } = caller;
}

internal sealed class FilterBlockStmt(int line, List<FilterExpr> filters, List<Stmt> body) : Stmt(line)
{
    public List<FilterExpr> Filters { get; } = filters;

    public List<Stmt> Body { get; } = body;
}

internal sealed class WithStmt(int line, List<KeyValuePair<Expr, Expr>> assignments, List<Stmt> body) : Stmt(line)
{
    public List<KeyValuePair<Expr, Expr>> Assignments { get; } = assignments;

    public List<Stmt> Body { get; } = body;
}

internal sealed class LoopControlStmt(int line, bool isBreak) : Stmt(line)
{
    public bool IsBreak { get; } = isBreak;
}
