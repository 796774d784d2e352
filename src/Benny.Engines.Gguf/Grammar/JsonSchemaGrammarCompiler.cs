using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Benny.Engines.Gguf.Grammar;

/// <summary>One compilation of <see cref="JsonSchemaGrammar.Compile(JsonElement)"/>: the rules written so far and the references being resolved.</summary>
/// <remarks>
/// Each schema becomes a GBNF expression (a primitive rule, or a rule named after where the schema sits). Value
/// rules never begin or end with whitespace: objects and arrays put <c>ws</c> between their tokens, always followed by
/// a token, so the grammar has a single parse for every text it accepts.
/// </remarks>
internal sealed class JsonSchemaGrammarCompiler
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "description", "title", "default", "examples", "$schema", "$id", "$comment", "deprecated", "readOnly", "writeOnly",
    };

    private static readonly HashSet<string> Containers = new(StringComparer.Ordinal) { "$defs", "definitions" };

    private static readonly HashSet<string> Constraints = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "enum", "const", "items", "prefixItems", "minItems", "maxItems",
        "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "$ref", "anyOf", "oneOf", "allOf",
        "format", "uniqueItems",
    };

    private static readonly HashSet<string> ObjectKeywords = new(StringComparer.Ordinal) { "properties", "required", "additionalProperties" };

    private static readonly HashSet<string> ArrayKeywords = new(StringComparer.Ordinal) { "items", "prefixItems", "minItems", "maxItems", "uniqueItems" };

    private static readonly HashSet<string> StringKeywords = new(StringComparer.Ordinal) { "minLength", "maxLength", "format" };

    private static readonly HashSet<string> NumberKeywords = new(StringComparer.Ordinal) { "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" };

    private static readonly string[] AllTypes = ["object", "array", "string", "number", "boolean", "null"];

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The shared rules, with their bodies and the rules they use.</summary>
    private static readonly Dictionary<string, (string Body, string[] Uses)> Primitives = new(StringComparer.Ordinal)
    {
        ["ws"] = ("""( " " | "\n" [ \t]{0,16} )?""", []),
        ["hex"] = ("[0-9a-fA-F]", []),
        ["char"] = ("""[^"\\""" + GbnfText.NotUnicodeScalars + """] | "\\" ( ["\\/bfnrt] | "u" ( [0-9a-cA-CefEF] hex hex hex | [dD] [0-7] hex hex ) )""", ["hex"]),
        ["string"] = ("\"\\\"\" char* \"\\\"\"", ["char"]),
        ["integer"] = ($"\"-\"? ( \"0\" | [1-9] [0-9]{{0,{IntegerRangeGrammar.UnboundedDigits - 1}}} )", []),
        ["number"] = ($"integer ( \".\" [0-9]{{1,{IntegerRangeGrammar.UnboundedDigits}}} )?", ["integer"]),
        ["boolean"] = ("\"true\" | \"false\"", []),
        ["null"] = ("\"null\"", []),
        ["value"] = ("object | array | string | number | boolean | null", ["object", "array", "string", "number", "boolean", "null"]),
        ["object"] = ("""
            "{" ws ( string ws ":" ws value ws ( "," ws string ws ":" ws value ws )* )? "}"
            """, ["ws", "string", "value"]),
        ["array"] = ("""
            "[" ws ( value ws ( "," ws value ws )* )? "]"
            """, ["ws", "value"]),
        ["year"] = ("""[0-9] [0-9] [0-9] [1-9] | [0-9] [0-9] [1-9] "0" | [0-9] [1-9] "00" | [1-9] "000" """.TrimEnd(), []),
        ["leap-year"] = ("""[0-9] [0-9] ( "0" [48] | [2468] [048] | [13579] [26] ) | ( "0" [48] | [2468] [048] | [13579] [26] ) "00" """.TrimEnd(), []),
        ["date"] = ("""
            year "-" ( "0" [13578] | "1" [02] ) "-" ( "0" [1-9] | [12] [0-9] | "3" [01] ) | year "-" ( "0" [469] | "11" ) "-" ( "0" [1-9] | [12] [0-9] | "30" ) | year "-02-" ( "0" [1-9] | "1" [0-9] | "2" [0-8] ) | leap-year "-02-29"
            """, ["year", "leap-year"]),
        ["time"] = ("""
            ( [01] [0-9] | "2" [0-3] ) ":" [0-5] [0-9] ":" [0-5] [0-9] ( "." [0-9]{1,6} )? ( "Z" | ( "+" | "-" ) ( ( "0" [0-9] | "1" [0-3] ) ":" [0-5] [0-9] | "14:00" ) )
            """, []),
        ["date-time"] = ("date \"T\" time", ["date", "time"]),
        ["uuid"] = ("hex{8} \"-\" hex{4} \"-\" hex{4} \"-\" hex{4} \"-\" hex{12}", ["hex"]),
    };

    private static readonly string[] Formats = ["date", "time", "date-time", "uuid"];

    private JsonElement _root;
    private readonly List<(string Name, string Body)> _rules = [];
    private readonly Dictionary<string, string> _ruleByBody = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal) { "root" };
    private readonly HashSet<string> _primitivesAdded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refRules = new(StringComparer.Ordinal);
    private HashSet<string> _refsWithoutInput = new(StringComparer.Ordinal);

    /// <summary>Starts a grammar that combines several schemas (see <see cref="AddSchema"/>).</summary>
    public JsonSchemaGrammarCompiler()
        : this(default)
    {
    }

    public JsonSchemaGrammarCompiler(JsonElement schema)
    {
        _root = schema;
        _names.UnionWith(Primitives.Keys);
    }

    /// <summary>Compiles the schema; the grammar's first rule is <c>root</c>.</summary>
    public string Compile() => Render(Value(_root, "#"));

    /// <summary>
    /// Adds one more schema to a grammar that combines several (the argument schemas of tools): <c>$ref</c>s in it
    /// resolve against itself, and its rules share the primitives and names of the others.
    /// </summary>
    /// <param name="schema">The schema.</param>
    /// <param name="label">Where the schema comes from, for error messages and rule names (such as <c>#/tools/get_weather</c>).</param>
    /// <returns>The GBNF expression of a value of the schema.</returns>
    public string AddSchema(JsonElement schema, string label)
    {
        _root = schema;
        _refRules.Clear();
        _refsWithoutInput.Clear();
        return Value(schema, label);
    }

    /// <summary>Adds a rule of the caller's (named after <paramref name="hint"/>, made unique) and returns its name.</summary>
    public string AddRule(string hint, string body) => Rule(hint, body);

    /// <summary>Gets the name of the optional-whitespace rule the value rules use between tokens.</summary>
    public string Whitespace => Primitive("ws");

    /// <summary>Writes the grammar: <c>root</c> with <paramref name="rootBody"/>, then every rule added.</summary>
    public string Render(string rootBody)
    {
        var grammar = new StringBuilder().Append("root ::= ").Append(rootBody).Append('\n');
        foreach ((string name, string body) in _rules)
        {
            grammar.Append(name).Append(" ::= ").Append(body).Append('\n');
        }

        return grammar.ToString();
    }

    private string Value(JsonElement schema, string path)
    {
        switch (schema.ValueKind)
        {
            case JsonValueKind.True:
                return Primitive("value");
            case JsonValueKind.False:
                throw new ArgumentException($"The JSON schema at '{path}' is false: no value satisfies it.");
            case JsonValueKind.Object:
                break;
            default:
                throw new ArgumentException($"The JSON schema at '{path}' is a {schema.ValueKind}; a schema is an object or a boolean.");
        }

        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            CheckKeyword(keyword, path);
        }

        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            string target = reference.ValueKind == JsonValueKind.String ? reference.GetString()! : throw Malformed("$ref", path, "must be a string");
            return HasConstraints(schema, "$ref")
                ? Value(MergeAllOf([(Resolve(target, path), path + "/$ref"), (Without(schema, "$ref"), path)], path), path)
                : Reference(target, path);
        }

        if (schema.TryGetProperty("allOf", out _))
        {
            return Value(MergeAllOf(AllOfBranches(schema, path), path), path);
        }

        bool any = schema.TryGetProperty("anyOf", out JsonElement anyOf);
        bool one = schema.TryGetProperty("oneOf", out JsonElement oneOf);
        if (any && one)
        {
            throw Unsupported("oneOf", path, "anyOf and oneOf in the same schema");
        }

        if (any || one)
        {
            return Alternatives(schema, one ? oneOf : anyOf, one ? "oneOf" : "anyOf", path);
        }

        if (schema.TryGetProperty("const", out _) || schema.TryGetProperty("enum", out _))
        {
            return Literals(schema, path);
        }

        List<string> types = TypesOf(schema, path);
        if (types.Contains("number") && types.Contains("integer") && !HasAny(schema, NumberKeywords))
        {
            types.Remove("integer");
        }

        List<string> alternatives = types.Select(t => TypeExpression(t, schema, path)).Distinct().ToList();
        return alternatives.Count == 1 ? alternatives[0] : Rule(HintOf(path), string.Join(" | ", alternatives));
    }

    private static void CheckKeyword(JsonProperty keyword, string path)
    {
        string name = keyword.Name;
        if (name == "pattern")
        {
            throw Unsupported(name, path, "regular expressions are not compiled into the grammar; validate the answer instead");
        }

        if (name == "$id" && path != "#")
        {
            throw Unsupported(name, path, "$id is accepted on the root schema only (references resolve against the root document)");
        }

        if (name == "uniqueItems" && keyword.Value.ValueKind != JsonValueKind.False)
        {
            throw Unsupported(name, path, "a grammar cannot keep array items distinct; only uniqueItems: false is accepted");
        }

        if (!Annotations.Contains(name) && !Containers.Contains(name) && !Constraints.Contains(name))
        {
            throw Unsupported(name, path, "the grammar cannot enforce it");
        }
    }

    private string Reference(string target, string path)
    {
        if (_refRules.TryGetValue(target, out string? existing))
        {
            return _refsWithoutInput.Contains(target)
                ? throw Unsupported("$ref", path, $"'{target}' refers back to itself before any JSON text (left recursion); no finite value satisfies it")
                : existing;
        }

        JsonElement resolved = Resolve(target, path);
        string name = UniqueName(HintOf(target.Length > 1 ? target : "#/root-ref"));
        _refRules[target] = name;
        _refsWithoutInput.Add(target);
        string body = Value(resolved, target);
        _refsWithoutInput.Remove(target);
        _rules.Add((name, body));
        return name;
    }

    private JsonElement Resolve(string target, string path)
    {
        if (!target.StartsWith('#'))
        {
            throw Unsupported("$ref", path, $"'{target}' is not a JSON pointer into this schema (only '#...' references are resolved)");
        }

        JsonElement current = _root;
        string pointer = Uri.UnescapeDataString(target[1..]);
        if (pointer.Length > 0 && pointer[0] != '/')
        {
            throw Unsupported("$ref", path, $"'{target}' is an anchor; only JSON pointers such as '#/$defs/Name' are resolved");
        }

        foreach (string raw in pointer.Split('/').Skip(1))
        {
            string segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out JsonElement child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                throw Malformed("$ref", path, $"'{target}' points to nothing in the schema");
            }
        }

        return current;
    }

    private string Alternatives(JsonElement schema, JsonElement branchesElement, string keyword, string path)
    {
        if (branchesElement.ValueKind != JsonValueKind.Array || branchesElement.GetArrayLength() == 0)
        {
            throw Malformed(keyword, path, "must be a non-empty array of schemas");
        }

        bool constrained = HasConstraints(schema, keyword);
        JsonElement siblings = Without(schema, keyword);
        var branches = new List<(JsonElement Schema, string Path)>();
        int i = 0;
        foreach (JsonElement branch in branchesElement.EnumerateArray())
        {
            string branchPath = $"{path}/{keyword}/{i++}";
            branches.Add(constrained ? (MergeAllOf([(siblings, path), (branch, branchPath)], branchPath), branchPath) : (branch, branchPath));
        }

        if (keyword == "oneOf")
        {
            for (int a = 0; a < branches.Count; a++)
            {
                for (int b = a + 1; b < branches.Count; b++)
                {
                    if (!Exclusive(branches[a].Schema, branches[b].Schema))
                    {
                        throw Unsupported("oneOf", path,
                            $"branches {a} and {b} may both match, and a grammar cannot enforce 'exactly one'; use anyOf, or make the branches distinct (different types, a required property the other forbids, or a required property with different const values)");
                    }
                }
            }
        }

        List<string> alternatives = branches.Select(b => Value(b.Schema, b.Path)).Distinct().ToList();
        return alternatives.Count == 1 ? alternatives[0] : Rule(HintOf(path), string.Join(" | ", alternatives));
    }

    private string Literals(JsonElement schema, string path)
    {
        bool hasConst = schema.TryGetProperty("const", out JsonElement constant);
        bool hasEnum = schema.TryGetProperty("enum", out JsonElement values);
        string keyword = hasConst ? "const" : "enum";
        if (hasConst && hasEnum)
        {
            throw Unsupported("enum", path, "const and enum in the same schema");
        }

        foreach (JsonProperty other in schema.EnumerateObject())
        {
            if (other.Name != keyword && other.Name != "type" && Constraints.Contains(other.Name))
            {
                throw Unsupported(other.Name, path, $"{keyword} combined with '{other.Name}': only 'type' may sit beside {keyword}");
            }
        }

        if (hasEnum && values.ValueKind != JsonValueKind.Array)
        {
            throw Malformed("enum", path, "must be an array");
        }

        List<string>? types = schema.TryGetProperty("type", out _) ? TypesOf(schema, path) : null;
        var literals = new List<string>();
        foreach (JsonElement value in hasConst ? [constant] : values.EnumerateArray().ToList())
        {
            if (types is null || types.Any(t => IsOfType(value, t)))
            {
                literals.Add(GbnfText.Literal(CompactJson(value)));
            }
        }

        if (literals.Count == 0)
        {
            throw Malformed(keyword, path, "no value of it has the schema's type, so no value satisfies the schema");
        }

        return Rule(HintOf(path), string.Join(" | ", literals.Distinct()));
    }

    private string TypeExpression(string type, JsonElement schema, string path) => type switch
    {
        "null" => Primitive("null"),
        "boolean" => Primitive("boolean"),
        "string" => StringExpression(schema, path),
        "integer" => IntegerExpression(schema, path),
        "number" => NumberExpression(schema, path),
        "object" => WithInputConsumed(() => ObjectExpression(schema, path)),
        "array" => WithInputConsumed(() => ArrayExpression(schema, path)),
        _ => throw Malformed("type", path, $"'{type}' is not a JSON Schema type"),
    };

    private string StringExpression(JsonElement schema, string path)
    {
        long? min = Count(schema, "minLength", path);
        long? max = Count(schema, "maxLength", path);
        if (schema.TryGetProperty("format", out JsonElement format))
        {
            string name = format.ValueKind == JsonValueKind.String ? format.GetString()! : throw Malformed("format", path, "must be a string");
            if (!Formats.Contains(name))
            {
                throw Unsupported("format", path, $"the format '{name}' is not enforced (supported: {string.Join(", ", Formats)})");
            }

            if (min is not null || max is not null)
            {
                throw Unsupported(min is not null ? "minLength" : "maxLength", path, "a length bound beside a format");
            }

            return Rule(name + "-string", $"\"\\\"\" {Primitive(name)} \"\\\"\"");
        }

        if (min is null && max is null)
        {
            return Primitive("string");
        }

        long from = min ?? 0;
        if (max < from)
        {
            throw Malformed("maxLength", path, $"is below minLength ({max} < {from}): no string satisfies it");
        }

        string repeat = max == from ? $"{{{from}}}" : max is null ? $"{{{from},}}" : $"{{{from},{max}}}";
        return Rule(HintOf(path), $"\"\\\"\" {Primitive("char")}{repeat} \"\\\"\"");
    }

    private string IntegerExpression(JsonElement schema, string path)
    {
        BigInteger? lower = null;
        BigInteger? upper = null;
        bool draft4ExclusiveMin = schema.TryGetProperty("exclusiveMinimum", out JsonElement exMin) && exMin.ValueKind == JsonValueKind.True;
        bool draft4ExclusiveMax = schema.TryGetProperty("exclusiveMaximum", out JsonElement exMax) && exMax.ValueKind == JsonValueKind.True;
        if (Bound(schema, "minimum", path) is { } minimum)
        {
            lower = Max(lower, draft4ExclusiveMin ? Floor(minimum) + 1 : Ceiling(minimum));
        }

        if (exMin.ValueKind == JsonValueKind.Number && Bound(schema, "exclusiveMinimum", path) is { } exclusiveMinimum)
        {
            lower = Max(lower, Floor(exclusiveMinimum) + 1);
        }

        if (Bound(schema, "maximum", path) is { } maximum)
        {
            upper = Min(upper, draft4ExclusiveMax ? Ceiling(maximum) - 1 : Floor(maximum));
        }

        if (exMax.ValueKind == JsonValueKind.Number && Bound(schema, "exclusiveMaximum", path) is { } exclusiveMaximum)
        {
            upper = Min(upper, Ceiling(exclusiveMaximum) - 1);
        }

        if (lower is null && upper is null)
        {
            return Primitive("integer");
        }

        if (lower > upper)
        {
            throw Malformed("minimum", path, $"no integer lies in [{lower}, {upper}]");
        }

        return Rule(HintOf(path), IntegerRangeGrammar.Expression(lower, upper));

        static BigInteger? Max(BigInteger? a, BigInteger b) => a is null || b > a ? b : a;
        static BigInteger? Min(BigInteger? a, BigInteger b) => a is null || b < a ? b : a;
        static BigInteger Floor(decimal d) => new(decimal.Floor(d));
        static BigInteger Ceiling(decimal d) => new(decimal.Ceiling(d));
    }

    private string NumberExpression(JsonElement schema, string path)
    {
        foreach (string keyword in NumberKeywords)
        {
            if (schema.TryGetProperty(keyword, out _))
            {
                throw Unsupported(keyword, path, "numeric bounds are enforced for \"type\": \"integer\" only");
            }
        }

        return Primitive("number");
    }

    private string ObjectExpression(JsonElement schema, string path)
    {
        if (!HasAny(schema, ObjectKeywords))
        {
            return Primitive("object");
        }

        var members = new List<(string Name, string Expression, bool Required)>();
        var required = new List<string>();
        if (schema.TryGetProperty("required", out JsonElement requiredElement))
        {
            if (requiredElement.ValueKind != JsonValueKind.Array || requiredElement.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                throw Malformed("required", path, "must be an array of strings");
            }

            required.AddRange(requiredElement.EnumerateArray().Select(e => e.GetString()!).Distinct());
        }

        // Without additionalProperties the schema allows any other key; the grammar generates none (a subset of the valid
        // objects, and the declared shape is what a caller asking for structured output wants). A key that is required
        // but not declared still gets any value.
        string? additional = null;
        bool hasAdditional = schema.TryGetProperty("additionalProperties", out JsonElement additionalSchema);
        if (hasAdditional && additionalSchema.ValueKind == JsonValueKind.True)
        {
            additional = Primitive("value");
        }
        else if (hasAdditional && additionalSchema.ValueKind != JsonValueKind.False)
        {
            additional = Value(additionalSchema, path + "/additionalProperties");
        }

        string? undeclared = additional ?? (hasAdditional ? null : Primitive("value"));

        var declared = new List<string>();
        if (schema.TryGetProperty("properties", out JsonElement properties))
        {
            if (properties.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("properties", path, "must be an object");
            }

            foreach (JsonProperty property in properties.EnumerateObject())
            {
                declared.Add(property.Name);
                string value = Value(property.Value, $"{path}/properties/{Escape(property.Name)}");
                members.Add((property.Name, value, required.Contains(property.Name)));
            }
        }

        foreach (string name in required.Where(r => !declared.Contains(r)))
        {
            members.Add((name, undeclared ?? throw Malformed("required", path, $"'{name}' is required, but additionalProperties does not allow it and it is not in properties"), true));
            declared.Add(name);
        }

        string ws = Primitive("ws");
        List<string> pairs = members.Select(m => $"{GbnfText.Literal(CompactJson(JsonSerializer.SerializeToElement(m.Name)))} {ws} \":\" {ws} {m.Expression} {ws}").ToList();
        string? extra = additional is null ? null : $"{KeyNotIn(declared)} {ws} \":\" {ws} {additional} {ws}";

        string Tail(int from)
        {
            var parts = new List<string>();
            for (int i = from; i < members.Count; i++)
            {
                parts.Add(members[i].Required ? $"\",\" {ws} {pairs[i]}" : $"( \",\" {ws} {pairs[i]} )?");
            }

            if (extra is not null)
            {
                parts.Add($"( \",\" {ws} {extra} )*");
            }

            return string.Join(" ", parts);
        }

        string Head(int from)
        {
            if (from == members.Count)
            {
                return extra is null ? "" : $"( {extra} ( \",\" {ws} {extra} )* )?";
            }

            string present = Join(pairs[from], Tail(from + 1));
            if (members[from].Required)
            {
                return present;
            }

            string absent = Head(from + 1);
            return absent.Length == 0 ? $"( {present} )?" : $"( {present} | {absent} )";
        }

        return Rule(HintOf(path), Join($"\"{{\" {ws}", Join(Head(0), "\"}\"")));
    }

    private string ArrayExpression(JsonElement schema, string path)
    {
        var prefix = new List<string>();
        if (schema.TryGetProperty("prefixItems", out JsonElement prefixItems))
        {
            if (prefixItems.ValueKind != JsonValueKind.Array)
            {
                throw Malformed("prefixItems", path, "must be an array of schemas");
            }

            int i = 0;
            foreach (JsonElement item in prefixItems.EnumerateArray())
            {
                prefix.Add(Value(item, $"{path}/prefixItems/{i++}"));
            }
        }

        string? items = null;
        bool closed = false;
        if (!schema.TryGetProperty("items", out JsonElement itemsSchema) || itemsSchema.ValueKind == JsonValueKind.True)
        {
            items = Primitive("value");
        }
        else if (itemsSchema.ValueKind == JsonValueKind.False)
        {
            closed = true;
        }
        else if (itemsSchema.ValueKind == JsonValueKind.Array)
        {
            throw Unsupported("items", path, "the array form of items (draft 2019-09 and older); use prefixItems");
        }
        else
        {
            items = Value(itemsSchema, path + "/items");
        }

        long min = Count(schema, "minItems", path) ?? 0;
        long? max = Count(schema, "maxItems", path);
        if (closed)
        {
            max = Math.Min(max ?? prefix.Count, prefix.Count);
        }

        if (min > max)
        {
            throw Malformed("minItems", path, $"no array has between {min} and {max} items here");
        }

        string ws = Primitive("ws");
        if (max == 0)
        {
            return Rule(HintOf(path), $"\"[\" {ws} \"]\"");
        }

        string Element(int index) => index < prefix.Count ? prefix[index] : items!;

        string Rest(int index)
        {
            if (index >= max)
            {
                return "";
            }

            if (index >= prefix.Count)
            {
                long least = Math.Max(0, min - index);
                long? most = max - index;
                string repeat = (least, most) switch
                {
                    (0, null) => "*",
                    (0, 1) => "?",
                    (1, null) => "+",
                    _ when least == most => $"{{{least}}}",
                    (_, null) => $"{{{least},}}",
                    _ => $"{{{least},{most}}}",
                };
                return $"( \",\" {ws} {items} {ws} ){repeat}";
            }

            string piece = Join($"\",\" {ws} {Element(index)} {ws}", Rest(index + 1));
            return index >= min ? $"( {piece} )?" : piece;
        }

        string first = Join($"{Element(0)} {ws}", Rest(1));
        return Rule(HintOf(path), min >= 1 ? $"\"[\" {ws} {first} \"]\"" : $"\"[\" {ws} ( {first} )? \"]\"");
    }

    /// <summary>A JSON string (quotes included) without escapes whose text is none of <paramref name="names"/>: the keys of additional properties.</summary>
    private string KeyNotIn(IReadOnlyCollection<string> names)
    {
        string plain = GbnfText.PlainStringCharExcept([]);
        var trie = new TrieNode();
        foreach (string name in names.Where(n => !n.Any(c => c is '"' or '\\' || c < ' ')))
        {
            TrieNode node = trie;
            foreach (Rune rune in name.EnumerateRunes())
            {
                if (!node.Children.TryGetValue(rune, out TrieNode? child))
                {
                    child = node.Children[rune] = new TrieNode();
                }

                node = child;
            }

            node.Terminal = true;
        }

        string Rest(TrieNode node)
        {
            var alternatives = new List<string>();
            if (!node.Terminal)
            {
                alternatives.Add("\"\\\"\"");
            }

            foreach ((Rune rune, TrieNode child) in node.Children.OrderBy(c => c.Key.Value))
            {
                alternatives.Add($"{GbnfText.Literal(rune.ToString())} ( {Rest(child)} )");
            }

            alternatives.Add($"{GbnfText.PlainStringCharExcept(node.Children.Keys)} {plain}* \"\\\"\"");
            return string.Join(" | ", alternatives);
        }

        return Rule("key", $"\"\\\"\" ( {Rest(trie)} )");
    }

    private sealed class TrieNode
    {
        public Dictionary<Rune, TrieNode> Children { get; } = [];

        public bool Terminal { get; set; }
    }

    private static List<(JsonElement Schema, string Path)> AllOfBranches(JsonElement schema, string path)
    {
        JsonElement allOf = schema.GetProperty("allOf");
        if (allOf.ValueKind != JsonValueKind.Array || allOf.GetArrayLength() == 0)
        {
            throw Malformed("allOf", path, "must be a non-empty array of schemas");
        }

        var branches = new List<(JsonElement, string)>();
        if (HasConstraints(schema, "allOf"))
        {
            branches.Add((Without(schema, "allOf"), path));
        }

        int i = 0;
        foreach (JsonElement branch in allOf.EnumerateArray())
        {
            branches.Add((branch, $"{path}/allOf/{i++}"));
        }

        return branches;
    }

    /// <summary>Merges object schemas that must all hold into one object schema (allOf, or a $ref with sibling keywords).</summary>
    private JsonElement MergeAllOf(List<(JsonElement Schema, string Path)> branches, string path)
    {
        var flat = new List<(JsonElement Schema, string Path)>();
        foreach ((JsonElement schema, string branchPath) in branches)
        {
            Flatten(schema, branchPath, flat, depth: 0);
        }

        var properties = new List<(string Name, JsonElement Schema)>();
        var required = new List<string>();
        List<HashSet<string>> closedSets = [];
        foreach ((JsonElement schema, string branchPath) in flat)
        {
            if (schema.TryGetProperty("properties", out JsonElement props))
            {
                if (props.ValueKind != JsonValueKind.Object)
                {
                    throw Malformed("properties", branchPath, "must be an object");
                }

                foreach (JsonProperty property in props.EnumerateObject())
                {
                    int existing = properties.FindIndex(p => p.Name == property.Name);
                    if (existing < 0)
                    {
                        properties.Add((property.Name, property.Value));
                    }
                    else if (!JsonElement.DeepEquals(properties[existing].Schema, property.Value))
                    {
                        throw Unsupported("allOf", path, $"the property '{property.Name}' has different schemas in two branches");
                    }
                }
            }

            if (schema.TryGetProperty("required", out JsonElement req))
            {
                if (req.ValueKind != JsonValueKind.Array || req.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                {
                    throw Malformed("required", branchPath, "must be an array of strings");
                }

                required.AddRange(req.EnumerateArray().Select(e => e.GetString()!).Where(r => !required.Contains(r)));
            }

            if (schema.TryGetProperty("additionalProperties", out JsonElement additional) && additional.ValueKind != JsonValueKind.True)
            {
                if (additional.ValueKind != JsonValueKind.False)
                {
                    throw Unsupported("allOf", path, "a branch with an additionalProperties schema (only true or false can be merged)");
                }

                closedSets.Add(props.ValueKind == JsonValueKind.Object ? [.. props.EnumerateObject().Select(p => p.Name)] : []);
            }
        }

        bool Allowed(string name) => closedSets.All(s => s.Contains(name));
        foreach (string name in required.Where(r => !Allowed(r)))
        {
            throw Malformed("allOf", path, $"'{name}' is required by one branch and forbidden by another (additionalProperties: false): no object satisfies both");
        }

        var merged = new JsonObject { ["type"] = "object" };
        var mergedProperties = new JsonObject();
        foreach ((string name, JsonElement schema) in properties.Where(p => Allowed(p.Name)))
        {
            mergedProperties[name] = JsonNode.Parse(schema.GetRawText());
        }

        merged["properties"] = mergedProperties;
        merged["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        merged["additionalProperties"] = closedSets.Count == 0;
        return JsonSerializer.SerializeToElement(merged);
    }

    private void Flatten(JsonElement schema, string path, List<(JsonElement, string)> flat, int depth)
    {
        if (depth > 64)
        {
            throw Unsupported("allOf", path, "references nest too deeply (a cycle?)");
        }

        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("allOf", path, "holds something that is not an object schema");
        }

        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            CheckKeyword(keyword, path);
        }

        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            string target = reference.ValueKind == JsonValueKind.String ? reference.GetString()! : throw Malformed("$ref", path, "must be a string");
            Flatten(Resolve(target, path), target, flat, depth + 1);
            if (HasConstraints(schema, "$ref"))
            {
                Flatten(Without(schema, "$ref"), path, flat, depth + 1);
            }

            return;
        }

        if (schema.TryGetProperty("allOf", out _))
        {
            foreach ((JsonElement branch, string branchPath) in AllOfBranches(schema, path))
            {
                Flatten(branch, branchPath, flat, depth + 1);
            }

            return;
        }

        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            bool objectType = keyword.Name == "type" && (keyword.Value.ValueKind == JsonValueKind.String ? keyword.Value.GetString() == "object" : false);
            if (!objectType && !ObjectKeywords.Contains(keyword.Name) && !Annotations.Contains(keyword.Name) && !Containers.Contains(keyword.Name))
            {
                throw Unsupported("allOf", path, $"allOf is supported for object schemas (type, properties, required, additionalProperties) only; this branch has '{keyword.Name}'");
            }
        }

        flat.Add((schema, path));
    }

    /// <summary>Whether no value can satisfy both schemas (so oneOf of them is anyOf of them).</summary>
    private bool Exclusive(JsonElement a, JsonElement b)
    {
        HashSet<string> typesA = PossibleTypes(a, 0);
        HashSet<string> typesB = PossibleTypes(b, 0);
        if (!typesA.Overlaps(typesB))
        {
            return true;
        }

        if (LiteralsOf(a) is { } literalsA && LiteralsOf(b) is { } literalsB)
        {
            return !literalsA.Any(x => literalsB.Any(y => JsonElement.DeepEquals(x, y)));
        }

        if (!(typesA.SetEquals(["object"]) && typesB.SetEquals(["object"])) || ObjectView(a) is not { } viewA || ObjectView(b) is not { } viewB)
        {
            return false;
        }

        return Discriminates(viewA, viewB) || Discriminates(viewB, viewA);

        static bool Discriminates(ObjectShape x, ObjectShape y)
        {
            foreach (string key in x.Required)
            {
                if (y.Closed && !y.Properties.ContainsKey(key))
                {
                    return true;
                }

                if (y.Required.Contains(key) && x.Properties.TryGetValue(key, out JsonElement px) && y.Properties.TryGetValue(key, out JsonElement py)
                    && LiteralsOf(px) is { } lx && LiteralsOf(py) is { } ly && !lx.Any(v => ly.Any(w => JsonElement.DeepEquals(v, w))))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private sealed record ObjectShape(Dictionary<string, JsonElement> Properties, HashSet<string> Required, bool Closed);

    private ObjectShape? ObjectView(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (schema.TryGetProperty("$ref", out _) || schema.TryGetProperty("allOf", out _))
        {
            try
            {
                var flat = new List<(JsonElement, string)>();
                Flatten(schema, "#", flat, 0);
                schema = MergeAllOf(flat, "#");
            }
            catch (Exception e) when (e is NotSupportedException or ArgumentException)
            {
                return null;
            }
        }

        if (schema.TryGetProperty("anyOf", out _) || schema.TryGetProperty("oneOf", out _))
        {
            return null;
        }

        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (schema.TryGetProperty("properties", out JsonElement props) && props.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty p in props.EnumerateObject())
            {
                properties[p.Name] = p.Value;
            }
        }

        var required = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("required", out JsonElement req) && req.ValueKind == JsonValueKind.Array)
        {
            required.UnionWith(req.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
        }

        bool closed = schema.TryGetProperty("additionalProperties", out JsonElement additional) && additional.ValueKind == JsonValueKind.False;
        return new ObjectShape(properties, required, closed);
    }

    private static List<JsonElement>? LiteralsOf(JsonElement schema)
        => schema.ValueKind != JsonValueKind.Object ? null
            : schema.TryGetProperty("const", out JsonElement constant) ? [constant]
            : schema.TryGetProperty("enum", out JsonElement values) && values.ValueKind == JsonValueKind.Array ? [.. values.EnumerateArray()]
            : null;

    /// <summary>The JSON types (integer counted as number) a value of <paramref name="schema"/> may have; every type when unsure.</summary>
    private HashSet<string> PossibleTypes(JsonElement schema, int depth)
    {
        var all = new HashSet<string>(AllTypes, StringComparer.Ordinal);
        if (depth > 32 || schema.ValueKind != JsonValueKind.Object)
        {
            return all;
        }

        if (schema.TryGetProperty("$ref", out JsonElement reference) && reference.ValueKind == JsonValueKind.String)
        {
            try
            {
                all.IntersectWith(PossibleTypes(Resolve(reference.GetString()!, "#"), depth + 1));
            }
            catch (Exception e) when (e is NotSupportedException or ArgumentException)
            {
                return new HashSet<string>(AllTypes, StringComparer.Ordinal);
            }
        }

        if (LiteralsOf(schema) is { } literals)
        {
            all.IntersectWith(literals.Select(KindOf));
        }

        foreach (string keyword in new[] { "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(keyword, out JsonElement branches) && branches.ValueKind == JsonValueKind.Array)
            {
                all.IntersectWith(branches.EnumerateArray().SelectMany(b => PossibleTypes(b, depth + 1)));
            }
        }

        if (schema.TryGetProperty("allOf", out _))
        {
            all.IntersectWith(["object"]);
        }

        all.IntersectWith(TypesOf(schema, "#").Select(t => t == "integer" ? "number" : t));
        return all;
    }

    private static string KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static bool IsOfType(JsonElement value, string type) => type switch
    {
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out decimal d) && d == decimal.Truncate(d),
        _ => KindOf(value) == type,
    };

    /// <summary>The types a schema allows: its <c>type</c>, else the types its keywords speak about, else all.</summary>
    private static List<string> TypesOf(JsonElement schema, string path)
    {
        if (schema.TryGetProperty("type", out JsonElement type))
        {
            List<string> types = type.ValueKind switch
            {
                JsonValueKind.String => [type.GetString()!],
                JsonValueKind.Array when type.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String) && type.GetArrayLength() > 0
                    => [.. type.EnumerateArray().Select(t => t.GetString()!).Distinct()],
                _ => throw Malformed("type", path, "must be a type name or a non-empty array of them"),
            };
            return types;
        }

        var inferred = new List<string>();
        if (HasAny(schema, ObjectKeywords))
        {
            inferred.Add("object");
        }

        if (HasAny(schema, ArrayKeywords.Where(k => k != "uniqueItems")))
        {
            inferred.Add("array");
        }

        if (HasAny(schema, StringKeywords))
        {
            inferred.Add("string");
        }

        if (HasAny(schema, NumberKeywords))
        {
            inferred.Add("integer");
        }

        return inferred.Count > 0 ? inferred : [.. AllTypes];
    }

    private static bool HasAny(JsonElement schema, IEnumerable<string> keywords) => keywords.Any(k => schema.TryGetProperty(k, out _));

    private static bool HasConstraints(JsonElement schema, string except)
        => schema.EnumerateObject().Any(p => p.Name != except && Constraints.Contains(p.Name));

    private static JsonElement Without(JsonElement schema, string keyword)
    {
        var copy = new JsonObject();
        foreach (JsonProperty property in schema.EnumerateObject())
        {
            if (property.Name != keyword && !Containers.Contains(property.Name))
            {
                copy[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }

        return JsonSerializer.SerializeToElement(copy);
    }

    private static long? Count(JsonElement schema, string keyword, string path)
    {
        if (!schema.TryGetProperty(keyword, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out decimal d) && d >= 0 && d == decimal.Truncate(d) && d <= int.MaxValue
            ? (long)d
            : throw Malformed(keyword, path, "must be a non-negative integer");
    }

    private static decimal? Bound(JsonElement schema, string keyword, string path)
    {
        if (!schema.TryGetProperty(keyword, out JsonElement value) || value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out decimal d)
            ? d
            : throw Malformed(keyword, path, "must be a number within ±7.9e28");
    }

    private string WithInputConsumed(Func<string> compile)
    {
        HashSet<string> saved = _refsWithoutInput;
        _refsWithoutInput = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            return compile();
        }
        finally
        {
            _refsWithoutInput = saved;
        }
    }

    private string Primitive(string name)
    {
        if (_primitivesAdded.Add(name))
        {
            (string body, string[] uses) = Primitives[name];
            foreach (string use in uses)
            {
                Primitive(use);
            }

            _rules.Add((name, body));
            _ruleByBody[body] = name;
        }

        return name;
    }

    private string Rule(string hint, string body)
    {
        if (_ruleByBody.TryGetValue(body, out string? existing))
        {
            return existing;
        }

        string name = UniqueName(hint);
        _rules.Add((name, body));
        _ruleByBody[body] = name;
        return name;
    }

    private string UniqueName(string hint)
    {
        string name = hint;
        for (int i = 2; !_names.Add(name); i++)
        {
            name = $"{hint}-{i}";
        }

        return name;
    }

    /// <summary>A rule name from the last meaningful segment of a JSON pointer: letters, digits and dashes.</summary>
    private static string HintOf(string path)
    {
        string[] segments = path.Split('/');
        string segment = segments.Length > 1 ? segments[^1] : "root";
        if (segments.Length > 2 && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            segment = segments[^2] + "-" + segment;
        }

        var name = new StringBuilder();
        foreach (char c in segment)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(char.ToLowerInvariant(c));
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }

        string text = name.ToString().Trim('-');
        text = text.Length > 24 ? text[..24].TrimEnd('-') : text;
        return text.Length == 0 || text == "root" ? "value-" + (segments.Length - 1).ToString(CultureInfo.InvariantCulture) : "s-" + text;
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string CompactJson(JsonElement value) => JsonSerializer.Serialize(value, Compact);

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : a + " " + b;

    private static JsonSchemaNotSupportedException Unsupported(string keyword, string path, string reason)
        => new($"JSON schema keyword '{keyword}' at '{path}/{Escape(keyword)}' is not supported by the GGUF engine's grammar: {reason}.", keyword, $"{path}/{Escape(keyword)}");

    private static ArgumentException Malformed(string keyword, string path, string problem)
        => new($"JSON schema keyword '{keyword}' at '{path}/{Escape(keyword)}' {problem}.");
}
