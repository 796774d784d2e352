using System.Text.Json;
using Benny.Engines.Gguf.Grammar;
using Benny.Engines.Gguf.Tests.Support;

namespace Benny.Engines.Gguf.Tests.Grammar;

/// <summary>
/// <see cref="JsonSchemaGrammar"/>: for each keyword, llama.cpp's own grammar engine (through <see cref="GrammarAcceptor"/>)
/// accepts JSON valid against the schema and rejects JSON that is not; unsupported keywords throw, naming keyword and path.
/// </summary>
public class JsonSchemaGrammarTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        // (schema, json, accepted)
        (string, string, bool)[] cases =
        [
            ("""{"type":"string"}""", "\"hello, wörld \\\" \\u00e9 \\n\"", true),
            ("""{"type":"string"}""", "\"bad \\ud800 surrogate\"", false),
            ("""{"type":"string"}""", "42", false),
            ("""{"type":"integer"}""", "-120", true),
            ("""{"type":"integer"}""", "012", false),
            ("""{"type":"integer"}""", "1.5", false),
            ("""{"type":"number"}""", "-0.25", true),
            ("""{"type":"number"}""", "3", true),
            ("""{"type":"number"}""", "\"3\"", false),
            ("""{"type":"boolean"}""", "false", true),
            ("""{"type":"boolean"}""", "null", false),
            ("""{"type":"null"}""", "null", true),
            ("""{"type":["string","null"]}""", "null", true),
            ("""{"type":["string","null"]}""", "\"x\"", true),
            ("""{"type":["string","null"]}""", "1", false),
            ("""{}""", """{"any": [1, "two", {"three": null}]}""", true),
            ("""true""", "[]", true),
            ("""{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"}},"required":["a","b"],"additionalProperties":false}""", """{"a": 1, "b": "x"}""", true),
            ("""{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"}},"required":["a","b"],"additionalProperties":false}""", "{\n  \"a\":1,\n  \"b\":\"x\"\n}", true),
            ("""{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"}},"required":["a","b"],"additionalProperties":false}""", """{"a": 1}""", false),
            ("""{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"}},"required":["a","b"],"additionalProperties":false}""", """{"a": 1, "b": "x", "c": 2}""", false),
            ("""{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"}},"required":["a","b"],"additionalProperties":false}""", """{"a": "1", "b": "x"}""", false),
            ("""{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"},"c":{"type":"boolean"}},"required":["b"],"additionalProperties":false}""", """{"b": "x"}""", true),
            ("""{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"},"c":{"type":"boolean"}},"required":["b"],"additionalProperties":false}""", """{"a": 2, "b": "x", "c": true}""", true),
            ("""{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"},"c":{"type":"boolean"}},"required":["b"],"additionalProperties":false}""", """{"a": 2, "c": true}""", false),
            ("""{"type":"object","properties":{"a":{"type":"integer"},"c":{"type":"boolean"}},"additionalProperties":false}""", """{}""", true),
            ("""{"type":"object","properties":{"a":{"type":"integer"},"c":{"type":"boolean"}},"additionalProperties":false}""", """{"c": false}""", true),
            ("""{"type":"object","properties":{"a":{"type":"integer"},"c":{"type":"boolean"}},"additionalProperties":false}""", """{"a": 1,}""", false),
            ("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"],"additionalProperties":true}""", """{"a": 1, "extra": [true]}""", true),
            ("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"],"additionalProperties":true}""", """{"a": 1, "a": "again"}""", false),
            ("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}""", """{"a": 1}""", true),
            ("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}""", """{"a": 1, "extra": [true]}""", false),
            ("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["a","b"]}""", """{"a": 1, "b": [null]}""", true),
            ("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"],"additionalProperties":{"type":"string"}}""", """{"a": 1, "ab": "s", "b": "t"}""", true),
            ("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"],"additionalProperties":{"type":"string"}}""", """{"a": 1, "b": 2}""", false),
            ("""{"enum":["red","green",3,null]}""", "\"green\"", true),
            ("""{"enum":["red","green",3,null]}""", "3", true),
            ("""{"enum":["red","green",3,null]}""", "\"blue\"", false),
            ("""{"type":"string","enum":["red",3]}""", "3", false),
            ("""{"const":{"k":[1,2]}}""", """{"k":[1,2]}""", true),
            ("""{"const":{"k":[1,2]}}""", """{"k":[1,3]}""", false),
            ("""{"type":"array","items":{"type":"integer"}}""", "[1, 2, 3]", true),
            ("""{"type":"array","items":{"type":"integer"}}""", "[]", true),
            ("""{"type":"array","items":{"type":"integer"}}""", "[1, \"2\"]", false),
            ("""{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":3}""", "[1,2]", true),
            ("""{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":3}""", "[1]", false),
            ("""{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":3}""", "[1,2,3,4]", false),
            ("""{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}],"items":false}""", "[\"a\", 1]", true),
            ("""{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}],"items":false}""", "[\"a\"]", true),
            ("""{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}],"items":false}""", "[\"a\", 1, 2]", false),
            ("""{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}],"items":false}""", "[1, \"a\"]", false),
            ("""{"type":"array","prefixItems":[{"type":"string"}],"items":{"type":"boolean"},"minItems":2}""", "[\"a\", true, false]", true),
            ("""{"type":"array","prefixItems":[{"type":"string"}],"items":{"type":"boolean"},"minItems":2}""", "[\"a\"]", false),
            ("""{"type":"string","minLength":2,"maxLength":3}""", "\"ab\"", true),
            ("""{"type":"string","minLength":2,"maxLength":3}""", "\"a\\\"c\"", true),
            ("""{"type":"string","minLength":2,"maxLength":3}""", "\"a\"", false),
            ("""{"type":"string","minLength":2,"maxLength":3}""", "\"abcd\"", false),
            ("""{"type":"integer","minimum":-15,"maximum":127}""", "-15", true),
            ("""{"type":"integer","minimum":-15,"maximum":127}""", "127", true),
            ("""{"type":"integer","minimum":-15,"maximum":127}""", "0", true),
            ("""{"type":"integer","minimum":-15,"maximum":127}""", "-16", false),
            ("""{"type":"integer","minimum":-15,"maximum":127}""", "128", false),
            ("""{"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":10}""", "0", false),
            ("""{"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":10}""", "9", true),
            ("""{"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":10}""", "10", false),
            ("""{"type":"integer","minimum":1000}""", "1000", true),
            ("""{"type":"integer","minimum":1000}""", "999", false),
            ("""{"type":"integer","minimum":1000}""", "123456", true),
            ("""{"type":"integer","maximum":-5}""", "-5", true),
            ("""{"type":"integer","maximum":-5}""", "-4", false),
            ("""{"type":"integer","maximum":-5}""", "3", false),
            ("""{"$defs":{"p":{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"],"additionalProperties":false}},"type":"array","items":{"$ref":"#/$defs/p"}}""", """[{"x": 1}, {"x": 2}]""", true),
            ("""{"$defs":{"p":{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"],"additionalProperties":false}},"type":"array","items":{"$ref":"#/$defs/p"}}""", """[{"y": 1}]""", false),
            ("""{"definitions":{"n":{"type":"object","properties":{"v":{"type":"integer"},"next":{"anyOf":[{"$ref":"#/definitions/n"},{"type":"null"}]}},"required":["v","next"],"additionalProperties":false}},"$ref":"#/definitions/n"}""", """{"v": 1, "next": {"v": 2, "next": null}}""", true),
            ("""{"definitions":{"n":{"type":"object","properties":{"v":{"type":"integer"},"next":{"anyOf":[{"$ref":"#/definitions/n"},{"type":"null"}]}},"required":["v","next"],"additionalProperties":false}},"$ref":"#/definitions/n"}""", """{"v": 1, "next": {"v": 2}}""", false),
            ("""{"type":"object","properties":{"c":{"type":"array","items":{"$ref":"#"}}},"required":["c"],"additionalProperties":false}""", """{"c": [{"c": []}]}""", true),
            ("""{"anyOf":[{"type":"integer"},{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}]}""", """{"a": "x"}""", true),
            ("""{"anyOf":[{"type":"integer"},{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}]}""", "\"x\"", false),
            ("""{"oneOf":[{"type":"object","properties":{"kind":{"const":"a"},"x":{"type":"integer"}},"required":["kind","x"],"additionalProperties":false},{"type":"object","properties":{"kind":{"const":"b"}},"required":["kind"],"additionalProperties":false}]}""", """{"kind": "b"}""", true),
            ("""{"oneOf":[{"type":"object","properties":{"kind":{"const":"a"},"x":{"type":"integer"}},"required":["kind","x"],"additionalProperties":false},{"type":"object","properties":{"kind":{"const":"b"}},"required":["kind"],"additionalProperties":false}]}""", """{"kind": "b", "x": 1}""", false),
            ("""{"allOf":[{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]},{"properties":{"b":{"type":"boolean"}},"required":["b"]}]}""", """{"a": 1, "b": true}""", true),
            ("""{"allOf":[{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]},{"properties":{"b":{"type":"boolean"}},"required":["b"]}]}""", """{"a": 1}""", false),
            ("""{"allOf":[{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"boolean"}},"additionalProperties":false},{"properties":{"b":{"type":"boolean"}},"required":["b"]}]}""", """{"a": 1, "b": true}""", true),
            ("""{"allOf":[{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"boolean"}},"additionalProperties":false},{"properties":{"b":{"type":"boolean"}},"required":["b"]}]}""", """{"a": 1, "b": true, "c": 0}""", false),
            ("""{"type":"string","format":"date"}""", "\"2024-02-29\"", true),
            ("""{"type":"string","format":"date"}""", "\"2023-02-29\"", false),
            ("""{"type":"string","format":"date"}""", "\"2023-04-31\"", false),
            ("""{"type":"string","format":"date"}""", "\"1900-02-29\"", false),
            ("""{"type":"string","format":"date"}""", "\"2000-02-29\"", true),
            ("""{"type":"string","format":"time"}""", "\"23:59:07.125Z\"", true),
            ("""{"type":"string","format":"time"}""", "\"24:00:00Z\"", false),
            ("""{"type":"string","format":"time"}""", "\"10:00:00-14:00\"", true),
            ("""{"type":"string","format":"time"}""", "\"10:00:00+14:01\"", false),
            ("""{"type":"string","format":"date-time"}""", "\"2024-12-31T08:15:00+02:00\"", true),
            ("""{"type":"string","format":"date-time"}""", "\"2024-12-31 08:15:00Z\"", false),
            ("""{"type":"string","format":"uuid"}""", "\"0f8fad5b-d9cb-469f-a165-70867728950e\"", true),
            ("""{"type":"string","format":"uuid"}""", "\"0f8fad5b-d9cb-469f-a165-70867728950\"", false),
            ("""{"type":"object","title":"T","description":"d","default":{},"examples":[{}],"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:x","properties":{"a":{"type":"integer","description":"an a"}},"required":["a"],"additionalProperties":false}""", """{"a": 3}""", true),
        ];
        return cases.Select(c => new TestCaseData(c.Item1, c.Item2, c.Item3).SetArgDisplayNames($"{c.Item1} | {c.Item2} | {(c.Item3 ? "accepted" : "rejected")}"));
    }

    [TestCaseSource(nameof(Cases))]
    public void Compile_Keyword_GrammarAcceptsValidAndRejectsInvalidJson(string schema, string json, bool accepted)
    {
        string grammar = JsonSchemaGrammar.Compile(schema);

        Assert.That(GrammarAcceptor.Accepts(grammar, json), Is.EqualTo(accepted), grammar);
    }

    [TestCase("""{"type":"string","pattern":"^a+$"}""", "pattern", "#/pattern")]
    [TestCase("""{"type":"object","properties":{"n":{"type":"number","multipleOf":2}}}""", "multipleOf", "#/properties/n/multipleOf")]
    [TestCase("""{"type":"number","minimum":0.5}""", "minimum", "#/minimum")]
    [TestCase("""{"type":"array","uniqueItems":true}""", "uniqueItems", "#/uniqueItems")]
    [TestCase("""{"not":{"type":"null"}}""", "not", "#/not")]
    [TestCase("""{"type":"string","format":"email"}""", "format", "#/format")]
    [TestCase("""{"type":"object","patternProperties":{"^x":{}}}""", "patternProperties", "#/patternProperties")]
    [TestCase("""{"$ref":"https://example.com/s.json"}""", "$ref", "#/$ref")]
    [TestCase("""{"$defs":{"a":{"anyOf":[{"$ref":"#/$defs/a"},{"type":"null"}]}},"$ref":"#/$defs/a"}""", "$ref", "#/$defs/a/anyOf/0/$ref")]
    [TestCase("""{"oneOf":[{"type":"integer"},{"type":"number"}]}""", "oneOf", "#/oneOf")]
    [TestCase("""{"allOf":[{"type":"string"},{"maxLength":3}]}""", "allOf", "#/allOf/0/allOf")]
    [TestCase("""{"type":"array","items":[{"type":"string"}]}""", "items", "#/items")]
    [TestCase("""{"items":{"if":{"type":"string"}}}""", "if", "#/items/if")]
    public void Compile_UnsupportedKeyword_ThrowsNamingKeywordAndPath(string schema, string keyword, string pointer)
    {
        JsonSchemaNotSupportedException? error = Assert.Throws<JsonSchemaNotSupportedException>(() => JsonSchemaGrammar.Compile(schema));

        Assert.That(error!.Message, Does.Contain($"'{keyword}'").And.Contain($"'{pointer}'"));
        Assert.That((error.Keyword, error.SchemaPath), Is.EqualTo((keyword, pointer)));
    }

    [TestCase("""false""")]
    [TestCase("""{"type":"string","minLength":4,"maxLength":2}""")]
    [TestCase("""{"type":"integer","minimum":3,"maximum":2}""")]
    [TestCase("""{"type":"object","required":["a"],"additionalProperties":false}""")]
    [TestCase("""{"$ref":"#/$defs/missing"}""")]
    [TestCase("""{"type":"string","enum":[1,2]}""")]
    [TestCase("""{"type":"strange"}""")]
    [TestCase("""{"allOf":[{"properties":{"a":{"type":"integer"}},"required":["a"]}],"additionalProperties":false}""")]
    public void Compile_MalformedOrUnsatisfiableSchema_ThrowsArgumentException(string schema)
        => Assert.That(() => JsonSchemaGrammar.Compile(schema), Throws.ArgumentException);

    [Test]
    public void Compile_SameSchema_GivesTheSameSmallGrammarThatLlamaCppParses()
    {
        const string Schema = """
            {"type":"object","properties":{"name":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"kind":{"enum":["a","b"]},"when":{"type":"string","format":"date-time"}},"required":["name","tags","kind"],"additionalProperties":false}
            """;

        string first = JsonSchemaGrammar.Compile(Schema);
        string second = JsonSchemaGrammar.Compile(JsonDocument.Parse(Schema).RootElement);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Does.StartWith("root ::= "));
        Assert.That(first.Length, Is.LessThan(2500), first);
        Assert.That(GrammarAcceptor.Parses(first), Is.True, first);
    }

    [Test]
    public void Compile_IntegerRanges_AcceptExactlyTheRange()
    {
        // Exhaustive over a window around several bounds: every integer inside is accepted, every one outside rejected.
        (long Min, long Max)[] ranges = [(0, 0), (-3, 3), (7, 93), (-120, -45), (99, 1001), (-1000, 10)];
        foreach ((long min, long max) in ranges)
        {
            string grammar = JsonSchemaGrammar.Compile($$"""{"type":"integer","minimum":{{min}},"maximum":{{max}}}""");
            for (long value = min - 12; value <= max + 12; value += value > min + 12 && value < max - 12 ? 7 : 1)
            {
                Assert.That(GrammarAcceptor.Accepts(grammar, value.ToString(System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(value >= min && value <= max), $"{value} in [{min}, {max}]\n{grammar}");
            }
        }
    }
}
