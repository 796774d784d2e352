namespace Benny.Runtime.Templates;

/// <summary>Builds the syntax tree from tokens, following the grammar and precedence of Jinja2's parser.</summary>
internal sealed class TemplateParser
{
    private const int MaxNesting = 200;

    private static readonly HashSet<string> KnownTags =
        ["if", "for", "set", "macro", "call", "filter", "with", "print", "break", "continue", "raw"];

    private readonly List<Token> _tokens;
    private readonly string? _name;
    private int _pos;
    private int _depth;
    private int _loopDepth;
    private int _ifDepth;
    private readonly Stack<HashSet<string>> _macroNames = new();

    private TemplateParser(List<Token> tokens, string? name)
    {
        _tokens = tokens;
        _name = name;
    }

    public static List<Stmt> Parse(string source, string? name)
    {
        var parser = new TemplateParser(TemplateLexer.Tokenize(source, name), name);
        var body = parser.Subparse(null);
        if (parser.Current.Kind != TokenKind.Eof)
        {
            throw parser.Fail($"unexpected {parser.Current.Describe()}");
        }

        return body;
    }

    private Token Current => _tokens[_pos];

    private Token Look => _tokens[Math.Min(_pos + 1, _tokens.Count - 1)];

    private Token Next()
    {
        var t = _tokens[_pos];
        if (_pos < _tokens.Count - 1)
        {
            _pos++;
        }

        return t;
    }

    private TemplateParseException Fail(string problem, Token? at = null)
    {
        var t = at ?? Current;
        return new TemplateParseException(_name, t.Line, t.Column, problem);
    }

    private Token ExpectOp(string op)
    {
        if (!Current.IsOp(op))
        {
            throw Fail($"expected '{op}', got {Current.Describe()}");
        }

        return Next();
    }

    private Token ExpectName(string? name = null)
    {
        if (Current.Kind != TokenKind.Name || (name is not null && Current.Value != name))
        {
            throw Fail($"expected {(name is null ? "a name" : $"'{name}'")}, got {Current.Describe()}");
        }

        return Next();
    }

    private void Expect(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            var what = kind switch
            {
                TokenKind.BlockEnd => "end of statement block ('%}')",
                TokenKind.VariableEnd => "end of print statement ('}}')",
                _ => kind.ToString(),
            };
            throw Fail($"expected {what}, got {Current.Describe()}");
        }

        Next();
    }

    private bool SkipName(string name)
    {
        if (Current.IsName(name))
        {
            Next();
            return true;
        }

        return false;
    }

    private bool SkipOp(string op)
    {
        if (Current.IsOp(op))
        {
            Next();
            return true;
        }

        return false;
    }

    private void Enter()
    {
        if (++_depth > MaxNesting)
        {
            throw Fail($"template nested more than {MaxNesting} levels deep");
        }
    }

    private List<Stmt> Subparse(string[]? endTags)
    {
        var body = new List<Stmt>();
        while (true)
        {
            var t = Current;
            switch (t.Kind)
            {
                case TokenKind.Data:
                    body.Add(new TextStmt(t.Line, t.Value));
                    Next();
                    break;
                case TokenKind.VariableBegin:
                    Next();
                    body.Add(new OutputStmt(t.Line, ParseTuple(withCondExpr: true)));
                    Expect(TokenKind.VariableEnd);
                    break;
                case TokenKind.BlockBegin:
                    Next();
                    if (endTags is not null && Current.Kind == TokenKind.Name && endTags.Contains(Current.Value))
                    {
                        return body;
                    }

                    body.Add(ParseStatement(endTags));
                    Expect(TokenKind.BlockEnd);
                    break;
                case TokenKind.Eof:
                    if (endTags is not null)
                    {
                        throw Fail($"unexpected end of template; expected {string.Join(" or ", endTags.Select(e => $"'{e}'"))}");
                    }

                    return body;
                default:
                    throw Fail($"unexpected {t.Describe()}");
            }
        }
    }

    /// <summary>Reads a block body up to one of the end tags; the end tag's name is left unread unless <paramref name="dropNeedle"/>.</summary>
    private List<Stmt> ParseStatements(string[] endTags, bool dropNeedle = false)
    {
        Expect(TokenKind.BlockEnd);
        Enter();
        var body = Subparse(endTags);
        _depth--;
        if (dropNeedle)
        {
            Next();
        }

        return body;
    }

    private Stmt ParseStatement(string[]? endTags)
    {
        var t = Current;
        if (t.Kind != TokenKind.Name)
        {
            throw Fail("tag name expected");
        }

        switch (t.Value)
        {
            case "if":
                return ParseIf();
            case "for":
                return ParseFor();
            case "set":
                return ParseSet();
            case "macro":
                return ParseMacro();
            case "call":
                return ParseCallBlock();
            case "filter":
                return ParseFilterBlock();
            case "with":
                return ParseWith();
            case "print":
                Next();
                return new OutputStmt(t.Line, ParseTuple(withCondExpr: true));
            case "break":
            case "continue":
                if (_loopDepth == 0)
                {
                    throw Fail($"'{t.Value}' outside of a loop");
                }

                Next();
                return new LoopControlStmt(t.Line, t.Value == "break");
            default:
                var expected = endTags is null ? string.Empty : $"; the innermost open block needs {string.Join(" or ", endTags.Select(e => $"'{e}'"))}";
                if (t.Value.StartsWith("end", StringComparison.Ordinal) || t.Value is "else" or "elif")
                {
                    throw Fail($"unexpected tag '{t.Value}'{expected}");
                }

                throw Fail($"unknown tag '{t.Value}' (supported tags: {string.Join(", ", KnownTags)}){expected}");
        }
    }

    private IfStmt ParseIf()
    {
        var line = Next().Line;
        var branches = new List<KeyValuePair<Expr, List<Stmt>>>();
        List<Stmt>? otherwise = null;
        _ifDepth++;
        var test = ParseTuple(withCondExpr: false);
        while (true)
        {
            var body = ParseStatements(["elif", "else", "endif"]);
            branches.Add(new(test, body));
            var tag = Next();
            if (tag.Value == "elif")
            {
                test = ParseTuple(withCondExpr: false);
                continue;
            }

            if (tag.Value == "else")
            {
                otherwise = ParseStatements(["endif"], dropNeedle: true);
            }

            break;
        }

        _ifDepth--;
        return new IfStmt(line, branches, otherwise);
    }

    private ForStmt ParseFor()
    {
        var line = Next().Line;
        var target = ParseAssignTarget(extraEnd: "in");
        ExpectName("in");
        var iterable = ParseTuple(withCondExpr: false, extraEnd: "recursive");
        Expr? filter = null;
        if (SkipName("if"))
        {
            filter = ParseExpression();
        }

        if (Current.IsName("recursive"))
        {
            throw Fail("recursive loops are not supported by this renderer");
        }

        _loopDepth++;
        var body = ParseStatements(["endfor", "else"]);
        _loopDepth--;
        List<Stmt>? otherwise = null;
        if (Next().Value == "else")
        {
            otherwise = ParseStatements(["endfor"], dropNeedle: true);
        }

        return new ForStmt(line, target, iterable, filter, body, otherwise);
    }

    private Stmt ParseSet()
    {
        var line = Next().Line;
        var target = ParseAssignTarget(withNamespace: true);
        if (SkipOp("="))
        {
            return new SetStmt(line, target, ParseTuple(withCondExpr: true));
        }

        var filters = new List<FilterExpr>();
        while (Current.IsOp("|"))
        {
            Next();
            filters.Add(ParseOneFilter(null));
        }

        var body = ParseStatements(["endset"], dropNeedle: true);
        return new SetBlockStmt(line, target, filters, body);
    }

    private MacroStmt ParseMacro()
    {
        var line = Next().Line;
        var name = ExpectName().Value;
        var parameters = ParseSignature();
        var loopDepth = _loopDepth;
        _loopDepth = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        _macroNames.Push(names);
        var body = ParseStatements(["endmacro"], dropNeedle: true);
        _macroNames.Pop();
        _loopDepth = loopDepth;
        return new MacroStmt(line, name, parameters, body, names);
    }

    private List<MacroParameter> ParseSignature()
    {
        var parameters = new List<MacroParameter>();
        ExpectOp("(");
        while (!Current.IsOp(")"))
        {
            if (parameters.Count > 0)
            {
                ExpectOp(",");
            }

            var name = ExpectName().Value;
            Expr? dflt = null;
            if (SkipOp("="))
            {
                dflt = ParseExpression();
            }
            else if (parameters.Any(p => p.Default is not null))
            {
                throw Fail("non-default argument follows default argument");
            }

            parameters.Add(new MacroParameter(name, dflt));
        }

        ExpectOp(")");
        return parameters;
    }

    private CallBlockStmt ParseCallBlock()
    {
        var line = Next().Line;
        var parameters = Current.IsOp("(") ? ParseSignature() : [];
        var call = ParseExpression();
        if (call is not CallExpr callExpr)
        {
            throw Fail("expected call");
        }

        var loopDepth = _loopDepth;
        _loopDepth = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        _macroNames.Push(names);
        var body = ParseStatements(["endcall"], dropNeedle: true);
        _macroNames.Pop();
        _loopDepth = loopDepth;
        return new CallBlockStmt(line, callExpr, new MacroStmt(line, "caller", parameters, body, names));
    }

    private FilterBlockStmt ParseFilterBlock()
    {
        var line = Next().Line;
        var filters = new List<FilterExpr> { ParseOneFilter(null) };
        while (SkipOp("|"))
        {
            filters.Add(ParseOneFilter(null));
        }

        var body = ParseStatements(["endfilter"], dropNeedle: true);
        return new FilterBlockStmt(line, filters, body);
    }

    private WithStmt ParseWith()
    {
        var line = Next().Line;
        var assignments = new List<KeyValuePair<Expr, Expr>>();
        while (Current.Kind != TokenKind.BlockEnd)
        {
            if (assignments.Count > 0)
            {
                ExpectOp(",");
            }

            var target = ParseAssignTarget();
            ExpectOp("=");
            assignments.Add(new(target, ParseExpression()));
        }

        var body = ParseStatements(["endwith"], dropNeedle: true);
        return new WithStmt(line, assignments, body);
    }

    private Expr ParseAssignTarget(string? extraEnd = null, bool withNamespace = false)
    {
        var t = Current;
        if (withNamespace && t.Kind == TokenKind.Name && Look.IsOp("."))
        {
            Next();
            Next();
            var attr = ExpectName().Value;
            return new GetAttrExpr(t.Line, new NameExpr(t.Line, t.Value), attr);
        }

        var target = ParseTuple(simplified: true, extraEnd: extraEnd);
        if (!IsAssignable(target))
        {
            throw Fail($"can't assign to {target.GetType().Name.Replace("Expr", string.Empty, StringComparison.Ordinal).ToLowerInvariant()}", t);
        }

        return target;
    }

    private static bool IsAssignable(Expr e) => e switch
    {
        NameExpr n => n.Name is not ("true" or "false" or "none" or "True" or "False" or "None"),
        ListExpr { IsTuple: true } l => l.Items.All(IsAssignable),
        _ => false,
    };

    private bool IsTupleEnd(string? extraEnd) =>
        Current.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd || Current.IsOp(")") || (extraEnd is not null && Current.IsName(extraEnd));

    private Expr ParseTuple(bool simplified = false, bool withCondExpr = true, string? extraEnd = null, bool explicitParentheses = false)
    {
        var line = Current.Line;
        var items = new List<Expr>();
        var isTuple = false;
        while (true)
        {
            if (items.Count > 0)
            {
                ExpectOp(",");
            }

            if (IsTupleEnd(extraEnd))
            {
                break;
            }

            items.Add(simplified ? ParsePrimary() : withCondExpr ? ParseExpression() : ParseOr());
            if (Current.IsOp(","))
            {
                isTuple = true;
            }
            else
            {
                break;
            }
        }

        if (!isTuple)
        {
            if (items.Count > 0)
            {
                return items[0];
            }

            if (!explicitParentheses)
            {
                throw Fail($"expected an expression, got {Current.Describe()}");
            }
        }

        return new ListExpr(line, items, isTuple: true);
    }

    private Expr ParseExpression()
    {
        Enter();
        var e = ParseCondExpr();
        _depth--;
        return e;
    }

    private Expr ParseCondExpr()
    {
        var expr = ParseOr();
        while (Current.IsName("if"))
        {
            var line = Next().Line;
            var test = ParseOr();
            Expr? otherwise = null;
            if (SkipName("else"))
            {
                otherwise = ParseCondExpr();
            }

            expr = new CondExpr(line, test, expr, otherwise);
        }

        return expr;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or"))
        {
            var line = Next().Line;
            left = new OrExpr(line, left, ParseAnd());
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and"))
        {
            var line = Next().Line;
            left = new AndExpr(line, left, ParseNot());
        }

        return left;
    }

    private Expr ParseNot()
    {
        if (Current.IsName("not"))
        {
            var line = Next().Line;
            Enter();
            var operand = ParseNot();
            _depth--;
            return new NotExpr(line, operand);
        }

        return ParseCompare();
    }

    private Expr ParseCompare()
    {
        var line = Current.Line;
        var first = ParseMath1();
        var rest = new List<KeyValuePair<string, Expr>>();
        while (true)
        {
            var t = Current;
            if (t.Kind == TokenKind.Operator && t.Value is "==" or "!=" or "<" or "<=" or ">" or ">=")
            {
                Next();
                rest.Add(new(t.Value, ParseMath1()));
            }
            else if (t.IsName("in"))
            {
                Next();
                rest.Add(new("in", ParseMath1()));
            }
            else if (t.IsName("not") && Look.IsName("in"))
            {
                Next();
                Next();
                rest.Add(new("notin", ParseMath1()));
            }
            else
            {
                break;
            }
        }

        return rest.Count == 0 ? first : new CompareExpr(line, first, rest);
    }

    private Expr ParseMath1()
    {
        var left = ParseConcat();
        while (Current.Kind == TokenKind.Operator && Current.Value is "+" or "-")
        {
            var t = Next();
            left = new BinaryExpr(t.Line, t.Value, left, ParseConcat());
        }

        return left;
    }

    private Expr ParseConcat()
    {
        var line = Current.Line;
        var parts = new List<Expr> { ParseMath2() };
        while (SkipOp("~"))
        {
            parts.Add(ParseMath2());
        }

        return parts.Count == 1 ? parts[0] : new ConcatExpr(line, parts);
    }

    private Expr ParseMath2()
    {
        var left = ParsePow();
        while (Current.Kind == TokenKind.Operator && Current.Value is "*" or "/" or "//" or "%")
        {
            var t = Next();
            left = new BinaryExpr(t.Line, t.Value, left, ParsePow());
        }

        return left;
    }

    private Expr ParsePow()
    {
        var left = ParseUnary(withFilter: true);
        while (Current.IsOp("**"))
        {
            var t = Next();
            left = new BinaryExpr(t.Line, "**", left, ParseUnary(withFilter: true));
        }

        return left;
    }

    private Expr ParseUnary(bool withFilter)
    {
        var t = Current;
        Expr node;
        if (t.IsOp("-") || t.IsOp("+"))
        {
            Next();
            Enter();
            node = new UnaryExpr(t.Line, t.Value == "-", ParseUnary(withFilter: false));
            _depth--;
        }
        else
        {
            node = ParsePrimary();
        }

        node = ParsePostfix(node);
        if (withFilter)
        {
            node = ParseFilterExpr(node);
        }

        return node;
    }

    private Expr ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Name:
                Next();
                return t.Value switch
                {
                    "true" or "True" => new ConstExpr(t.Line, true),
                    "false" or "False" => new ConstExpr(t.Line, false),
                    "none" or "None" => new ConstExpr(t.Line, null),
                    _ => NewName(t),
                };
            case TokenKind.String:
                {
                    Next();
                    var value = (string)t.Literal!;
                    while (Current.Kind == TokenKind.String)
                    {
                        value += (string)Next().Literal!;
                    }

                    return new ConstExpr(t.Line, value);
                }

            case TokenKind.Integer:
            case TokenKind.Float:
                Next();
                return new ConstExpr(t.Line, t.Literal);
            case TokenKind.Operator when t.Value == "(":
                {
                    Next();
                    Enter();
                    var e = ParseTuple(explicitParentheses: true);
                    _depth--;
                    ExpectOp(")");
                    return e;
                }

            case TokenKind.Operator when t.Value == "[":
                {
                    Next();
                    Enter();
                    var items = new List<Expr>();
                    while (!Current.IsOp("]"))
                    {
                        if (items.Count > 0)
                        {
                            ExpectOp(",");
                        }

                        if (Current.IsOp("]"))
                        {
                            break;
                        }

                        items.Add(ParseExpression());
                    }

                    ExpectOp("]");
                    _depth--;
                    return new ListExpr(t.Line, items, isTuple: false);
                }

            case TokenKind.Operator when t.Value == "{":
                {
                    Next();
                    Enter();
                    var items = new List<KeyValuePair<Expr, Expr>>();
                    while (!Current.IsOp("}"))
                    {
                        if (items.Count > 0)
                        {
                            ExpectOp(",");
                        }

                        if (Current.IsOp("}"))
                        {
                            break;
                        }

                        var key = ParseExpression();
                        ExpectOp(":");
                        items.Add(new(key, ParseExpression()));
                    }

                    ExpectOp("}");
                    _depth--;
                    return new DictExpr(t.Line, items);
                }

            default:
                throw Fail($"unexpected {t.Describe()}");
        }
    }

    private NameExpr NewName(Token t)
    {
        foreach (var names in _macroNames)
        {
            names.Add(t.Value);
        }

        return new NameExpr(t.Line, t.Value);
    }

    private Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            var t = Current;
            if (t.IsOp("."))
            {
                Next();
                var attr = Next();
                if (attr.Kind == TokenKind.Name)
                {
                    node = new GetAttrExpr(t.Line, node, attr.Value);
                }
                else if (attr.Kind == TokenKind.Integer)
                {
                    node = new GetItemExpr(t.Line, node, new ConstExpr(attr.Line, attr.Literal));
                }
                else
                {
                    throw Fail("expected name or number", attr);
                }
            }
            else if (t.IsOp("["))
            {
                Next();
                var args = new List<Expr>();
                while (!Current.IsOp("]"))
                {
                    if (args.Count > 0)
                    {
                        ExpectOp(",");
                    }

                    args.Add(ParseSubscribed(node, t.Line));
                }

                ExpectOp("]");
                if (args.Count == 1 && args[0] is SliceExpr)
                {
                    node = args[0];
                }
                else if (args.Exists(a => a is SliceExpr))
                {
                    throw Fail("multi-dimensional slicing is not supported", t);
                }
                else
                {
                    node = new GetItemExpr(t.Line, node, args.Count == 1 ? args[0] : new ListExpr(t.Line, args, isTuple: true));
                }
            }
            else if (t.IsOp("("))
            {
                node = new CallExpr(t.Line, node, ParseCallArgs());
            }
            else
            {
                return node;
            }
        }
    }

    private Expr ParseSubscribed(Expr target, int line)
    {
        Expr? start = null;
        if (Current.IsOp(":"))
        {
            Next();
        }
        else
        {
            var e = ParseExpression();
            if (!Current.IsOp(":"))
            {
                return e;
            }

            Next();
            start = e;
        }

        Expr? stop = null;
        Expr? step = null;
        if (!Current.IsOp(":") && !Current.IsOp("]") && !Current.IsOp(","))
        {
            stop = ParseExpression();
        }

        if (SkipOp(":") && !Current.IsOp("]") && !Current.IsOp(","))
        {
            step = ParseExpression();
        }

        return new SliceExpr(line, target, start, stop, step);
    }

    private Arguments ParseCallArgs()
    {
        ExpectOp("(");
        var args = new Arguments();
        var requireComma = false;
        while (!Current.IsOp(")"))
        {
            if (requireComma)
            {
                ExpectOp(",");
                if (Current.IsOp(")"))
                {
                    break;
                }
            }

            if (Current.IsOp("*"))
            {
                if (args.DynamicPositional is not null || args.DynamicKeyword is not null)
                {
                    throw Fail("invalid syntax for function call expression");
                }

                Next();
                args.DynamicPositional = ParseExpression();
            }
            else if (Current.IsOp("**"))
            {
                if (args.DynamicKeyword is not null)
                {
                    throw Fail("invalid syntax for function call expression");
                }

                Next();
                args.DynamicKeyword = ParseExpression();
            }
            else if (Current.Kind == TokenKind.Name && Look.IsOp("="))
            {
                if (args.DynamicKeyword is not null)
                {
                    throw Fail("invalid syntax for function call expression");
                }

                var key = Next().Value;
                Next();
                args.Keyword.Add(new(key, ParseExpression()));
            }
            else
            {
                if (args.DynamicPositional is not null || args.DynamicKeyword is not null || args.Keyword.Count > 0)
                {
                    throw Fail("invalid syntax for function call expression");
                }

                args.Positional.Add(ParseExpression());
            }

            requireComma = true;
        }

        ExpectOp(")");
        return args;
    }

    private Expr ParseFilterExpr(Expr node)
    {
        while (true)
        {
            if (Current.IsOp("|"))
            {
                Next();
                node = ParseOneFilter(node);
            }
            else if (Current.IsName("is"))
            {
                node = ParseTest(node);
            }
            else if (Current.IsOp("("))
            {
                node = new CallExpr(Current.Line, node, ParseCallArgs());
            }
            else
            {
                return node;
            }
        }
    }

    private FilterExpr ParseOneFilter(Expr? node)
    {
        var t = ExpectName();
        if (_ifDepth == 0 && !TemplateFilters.Exists(t.Value))
        {
            throw Fail($"no filter named '{t.Value}'", t);
        }

        var args = Current.IsOp("(") ? ParseCallArgs() : Arguments.None;
        return new FilterExpr(t.Line, node, t.Value, args);
    }

    private TestExpr ParseTest(Expr node)
    {
        var isToken = Next();
        var negated = SkipName("not");
        var nameToken = ExpectName();
        if (_ifDepth == 0 && !TemplateTests.Exists(nameToken.Value))
        {
            throw Fail($"no test named '{nameToken.Value}'", nameToken);
        }

        Arguments args;
        if (Current.IsOp("("))
        {
            args = ParseCallArgs();
        }
        else if ((Current.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float || Current.IsOp("[") || Current.IsOp("{"))
            && !Current.IsName("else") && !Current.IsName("or") && !Current.IsName("and"))
        {
            if (Current.IsName("is"))
            {
                throw Fail("you cannot chain multiple tests with is");
            }

            args = new Arguments();
            args.Positional.Add(ParsePostfix(ParsePrimary()));
        }
        else
        {
            args = Arguments.None;
        }

        return new TestExpr(isToken.Line, node, nameToken.Value, args, negated);
    }
}
