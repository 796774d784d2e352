using System.Text.Json.Nodes;

namespace Benny.Engines.Gguf.Tests.Grammar;

/// <summary>
/// Random JSON schemas for the property test: every keyword <see cref="Benny.Engines.Gguf.Grammar.JsonSchemaGrammar"/>
/// supports, nested, kept small so that a random-weight model usually finishes its answer within a few dozen tokens.
/// </summary>
internal sealed class SchemaGenerator(int seed)
{
    /// <summary>The kinds of schema; schema <c>i</c> of a run has kind <c>i % Kinds.Length</c> at its root, so every kind occurs.</summary>
    public static readonly string[] Kinds =
    [
        "object", "string-bounded", "string-format", "integer", "integer-range", "number", "boolean", "null", "union", "enum",
        "const", "array", "tuple", "ref", "recursive", "anyOf", "oneOf", "allOf", "object-open", "string",
    ];

    private readonly Random _random = new(seed);
    private readonly JsonObject _defs = [];
    private string _defsKeyword = "$defs";

    /// <summary>A schema whose root has kind <paramref name="kind"/>.</summary>
    public JsonObject Next(string kind)
    {
        _defs.Clear();
        _defsKeyword = _random.Next(3) == 0 ? "definitions" : "$defs";
        JsonObject schema = Make(kind, 0);
        if (_defs.Count > 0)
        {
            schema[_defsKeyword] = _defs.DeepClone();
        }

        if (_random.Next(4) == 0)
        {
            schema["description"] = "generated";
        }

        return schema;
    }

    private JsonObject Make(string kind, int depth) => kind switch
    {
        "string" => new JsonObject { ["type"] = "string" },
        "string-bounded" => new JsonObject { ["type"] = "string", ["minLength"] = _random.Next(0, 3), ["maxLength"] = _random.Next(3, 7) },
        "string-format" => new JsonObject { ["type"] = "string", ["format"] = Pick("date", "time", "date-time", "uuid") },
        "integer" => new JsonObject { ["type"] = "integer" },
        "integer-range" => IntegerRange(),
        "number" => new JsonObject { ["type"] = "number" },
        "boolean" => new JsonObject { ["type"] = "boolean" },
        "null" => new JsonObject { ["type"] = "null" },
        "union" => _random.Next(2) == 0
            ? new JsonObject { ["type"] = new JsonArray("string", "null"), ["maxLength"] = 4 }
            : new JsonObject { ["type"] = new JsonArray("integer", "boolean", "null") },
        "enum" => _random.Next(2) == 0
            ? new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("red", "green", "blue") }
            : new JsonObject { ["enum"] = new JsonArray("a", 1, true, null, new JsonObject { ["k"] = 2 }) },
        "const" => new JsonObject { ["const"] = Pick<JsonNode>("fixed", 42, new JsonArray(1, "x"), new JsonObject { ["on"] = false }) },
        "array" => Array(depth),
        "tuple" => Tuple(depth),
        "ref" => Reference(depth),
        "recursive" => Recursive(),
        "anyOf" => new JsonObject { ["anyOf"] = new JsonArray(Leaf(depth), Leaf(depth)) },
        "oneOf" => OneOf(depth),
        "allOf" => AllOf(depth),
        "object-open" => Object(depth, open: true),
        _ => Object(depth, open: false),
    };

    private JsonObject Leaf(int depth)
    {
        string[] leaves = ["string-bounded", "integer", "integer-range", "boolean", "null", "enum", "const", "union", "number", "string-format"];
        string[] all = [.. leaves, "object", "array", "tuple", "ref", "anyOf", "oneOf", "allOf", "recursive"];
        return Make(depth >= 2 ? leaves[_random.Next(leaves.Length)] : all[_random.Next(all.Length)], depth + 1);
    }

    private JsonObject IntegerRange()
    {
        int a = _random.Next(-200, 200);
        int b = a + _random.Next(0, 300);
        return _random.Next(3) switch
        {
            0 => new JsonObject { ["type"] = "integer", ["minimum"] = a, ["maximum"] = b },
            1 => new JsonObject { ["type"] = "integer", ["exclusiveMinimum"] = a - 1, ["exclusiveMaximum"] = b + 1 },
            _ => new JsonObject { ["type"] = "integer", [_random.Next(2) == 0 ? "minimum" : "maximum"] = a },
        };
    }

    private JsonObject Object(int depth, bool open)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        int count = _random.Next(1, 4);
        for (int i = 0; i < count; i++)
        {
            string name = Pick("id", "name", "value", "items", "when", "note", "ok") + i;
            properties[name] = Leaf(depth);
            if (_random.Next(3) != 0)
            {
                required.Add(name);
            }
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required };
        schema["additionalProperties"] = open
            ? (_random.Next(2) == 0 ? true : new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 9 })
            : false;
        return schema;
    }

    private JsonObject Array(int depth)
    {
        int min = _random.Next(0, 2);
        return new JsonObject { ["type"] = "array", ["items"] = Leaf(depth), ["minItems"] = min, ["maxItems"] = min + _random.Next(0, 3) };
    }

    private JsonObject Tuple(int depth)
    {
        var schema = new JsonObject { ["type"] = "array", ["prefixItems"] = new JsonArray(Leaf(depth), Leaf(depth)) };
        if (_random.Next(2) == 0)
        {
            schema["items"] = false;
            schema["minItems"] = _random.Next(0, 3);
        }
        else
        {
            schema["items"] = Make("boolean", depth + 1);
            schema["maxItems"] = 3;
        }

        return schema;
    }

    private JsonObject Reference(int depth)
    {
        string name = "d" + _defs.Count;
        _defs[name] = Leaf(depth);
        return new JsonObject { ["$ref"] = $"#/{_defsKeyword}/{name}" };
    }

    private JsonObject Recursive()
    {
        string name = "node" + _defs.Count;
        _defs[name] = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["v"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 9 },
                ["next"] = new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["$ref"] = $"#/{_defsKeyword}/{name}" }, new JsonObject { ["type"] = "null" }) },
            },
            ["required"] = new JsonArray("v", "next"),
            ["additionalProperties"] = false,
        };
        return new JsonObject { ["$ref"] = $"#/{_defsKeyword}/{name}" };
    }

    private JsonObject OneOf(int depth)
    {
        JsonObject Branch(string kind) => new()
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["kind"] = new JsonObject { ["const"] = kind }, ["data"] = Leaf(depth) },
            ["required"] = new JsonArray("kind"),
            ["additionalProperties"] = false,
        };

        return _random.Next(3) == 0
            ? new JsonObject { ["oneOf"] = new JsonArray(Make("integer", depth + 1), Make("string-bounded", depth + 1), Branch("a")) }
            : new JsonObject { ["oneOf"] = new JsonArray(Branch("a"), Branch("b")) };
    }

    private JsonObject AllOf(int depth) => new()
    {
        ["allOf"] = new JsonArray(
            new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["a"] = Leaf(depth) }, ["required"] = new JsonArray("a") },
            new JsonObject { ["properties"] = new JsonObject { ["b"] = Leaf(depth) }, ["required"] = new JsonArray("b") }),
    };

    private T Pick<T>(params T[] values) => values[_random.Next(values.Length)];
}
