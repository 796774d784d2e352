using System.Text.Json;

namespace Benny.Engines.Gguf.Grammar;

/// <summary>
/// Compiles a JSON Schema into a GBNF grammar (llama.cpp's grammar format, start rule <c>root</c>) whose sentences are
/// JSON texts valid against the schema. The GGUF engine uses it for <c>ChatResponseFormat.ForJsonSchema(...)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Enforced: <c>type</c> (every JSON type, and unions such as <c>["string", "null"]</c>), <c>properties</c>,
/// <c>required</c>, <c>additionalProperties</c> (<see langword="false"/>, <see langword="true"/> or a schema),
/// <c>enum</c>, <c>const</c>, <c>items</c>, <c>prefixItems</c>, <c>minItems</c>, <c>maxItems</c>, <c>minLength</c>,
/// <c>maxLength</c>, <c>minimum</c>/<c>maximum</c>/<c>exclusiveMinimum</c>/<c>exclusiveMaximum</c> on integers,
/// <c>$ref</c> to a JSON pointer in the same document (<c>$defs</c>, <c>definitions</c>, recursion included),
/// <c>anyOf</c>, <c>oneOf</c> (when its branches provably cannot both match), <c>allOf</c> of object schemas,
/// <c>uniqueItems: false</c>, and the string formats <c>date</c>, <c>time</c>, <c>date-time</c> and <c>uuid</c>.
/// Annotations are accepted and not enforced: <c>description</c>, <c>title</c>, <c>default</c>, <c>examples</c>,
/// <c>$schema</c>, <c>$id</c>, <c>$comment</c>, <c>deprecated</c>, <c>readOnly</c>, <c>writeOnly</c>.
/// </para>
/// <para>
/// Any other keyword (for example <c>pattern</c>, <c>multipleOf</c>, <c>minimum</c> on a non-integer <c>number</c>,
/// <c>uniqueItems: true</c>, <c>not</c>, <c>if</c>, <c>patternProperties</c>, a format not listed above) raises
/// <see cref="NotSupportedException"/> naming the keyword and its JSON pointer: the grammar never silently accepts more
/// than the schema does.
/// </para>
/// <para>
/// The grammar generates a subset of the valid texts, chosen so that a model always ends its answer: properties come in
/// schema order (optional ones may be left out); an object with <c>properties</c> or <c>required</c> but without <c>additionalProperties</c> gets only its declared
/// properties (and undeclared required ones), while <c>additionalProperties: true</c> or a schema lets undeclared keys follow; whitespace is nothing, one space, or a newline with up to 16 spaces or
/// tabs between tokens, and none around the whole value; numbers have at most 16 integer and 16 fraction digits
/// and no exponent (integers with a bound keep the bound's digits); times have at most 6 fraction digits and an offset
/// within ±14:00 (what .NET's <see cref="DateTimeOffset"/> accepts); years run from 0001; strings use the JSON escapes except <c>\u</c>
/// escapes of surrogates; the keys of additional properties are unescaped and never equal a declared property.
/// </para>
/// </remarks>
public static class JsonSchemaGrammar
{
    /// <summary>Compiles <paramref name="schema"/> into a GBNF grammar with start rule <c>root</c>.</summary>
    /// <param name="schema">A JSON Schema (draft 2020-12 keywords; <c>definitions</c> is accepted beside <c>$defs</c>): an object or a boolean.</param>
    /// <returns>The grammar text.</returns>
    /// <exception cref="NotSupportedException">The schema uses a keyword, or a combination, that the grammar cannot enforce; the message names the keyword and its JSON pointer.</exception>
    /// <exception cref="ArgumentException">The schema is malformed (a keyword of the wrong JSON type, a <c>$ref</c> to nothing) or no value satisfies it.</exception>
    public static string Compile(JsonElement schema) => new JsonSchemaGrammarCompiler(schema).Compile();

    /// <summary>Compiles the JSON Schema text <paramref name="schemaJson"/> into a GBNF grammar with start rule <c>root</c>.</summary>
    /// <param name="schemaJson">The schema as JSON text.</param>
    /// <returns>The grammar text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schemaJson"/> is <see langword="null"/>.</exception>
    /// <exception cref="JsonException"><paramref name="schemaJson"/> is not JSON.</exception>
    /// <exception cref="NotSupportedException">The schema uses a keyword, or a combination, that the grammar cannot enforce.</exception>
    /// <exception cref="ArgumentException">The schema is malformed or no value satisfies it.</exception>
    public static string Compile(string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        using JsonDocument document = JsonDocument.Parse(schemaJson);
        return Compile(document.RootElement);
    }
}
