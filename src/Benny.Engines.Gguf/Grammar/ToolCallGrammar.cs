using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Benny.Runtime.Templates.ToolCalling;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Grammar;

/// <summary>
/// The GBNF grammar of a tool-call block in a model's own format: the opener, then for each call a JSON object naming
/// one of the declared tools with arguments that match that tool's JSON schema (compiled by
/// <see cref="JsonSchemaGrammarCompiler"/>), then the closer. Used from the first token when a call is required, and as a
/// lazy grammar, switched on by the format's openers (<see cref="ToolCallFormatInfo.Triggers"/>), when calls are optional.
/// </summary>
/// <remarks>
/// The shapes are the ones the templates teach: Hermes/Qwen <c>&lt;tool_call&gt;\n{"name": ..., "arguments": {...}}\n&lt;/tool_call&gt;</c>
/// (several blocks), Llama 3 <c>{"name": ..., "parameters": {...}}</c> (optionally after <c>&lt;|python_tag|&gt;</c>), Mistral
/// <c>[TOOL_CALLS][{"name", "arguments", "id"}]</c> (nine-character ids), Granite <c>&lt;|tool_call|&gt;[...]</c>, Phi-4-mini
/// <c>&lt;|tool_call|&gt;{...}&lt;|/tool_call|&gt;</c> (several blocks), DeepSeek-R1 with its function, separator and fenced JSON markers.
/// </remarks>
internal static class ToolCallGrammar
{
    /// <summary>The most keywords removed from one tool's schema before giving up (a guard against a compiler that keeps refusing).</summary>
    private const int MaxRelaxations = 64;

    /// <summary>Builds the grammar for calls to <paramref name="tools"/> in <paramref name="format"/>.</summary>
    /// <param name="format">The model's tool-call markup.</param>
    /// <param name="tools">The tools a call may name.</param>
    /// <param name="allowMultipleCalls">Whether one turn may hold several calls (<see cref="ChatOptions.AllowMultipleToolCalls"/>; formats that write one call per turn ignore it).</param>
    /// <exception cref="ArgumentException">No tools were given, or a tool's schema is malformed.</exception>
    /// <exception cref="NotSupportedException">The format is <see cref="ToolCallFormat.None"/>.</exception>
    public static string Build(ToolCallFormat format, IReadOnlyList<AIFunctionDeclaration> tools, bool allowMultipleCalls = true)
        => Build(format, tools, allowMultipleCalls, out _);

    /// <inheritdoc cref="Build(ToolCallFormat, IReadOnlyList{AIFunctionDeclaration}, bool)"/>
    /// <param name="format">The model's tool-call markup.</param>
    /// <param name="tools">The tools a call may name.</param>
    /// <param name="allowMultipleCalls">Whether one turn may hold several calls.</param>
    /// <param name="notEnforced">
    /// The argument-schema keywords the grammar does not enforce (<c>get_weather: 'pattern' at '#/properties/code/pattern'</c>):
    /// unlike a response format, a tool's schema is not refused for them: the call is constrained by the rest of its schema.
    /// </param>
    public static string Build(ToolCallFormat format, IReadOnlyList<AIFunctionDeclaration> tools, bool allowMultipleCalls, out IReadOnlyList<string> notEnforced)
    {
        if (tools.Count == 0)
        {
            throw new ArgumentException("At least one tool is needed for a tool-call grammar.", nameof(tools));
        }

        ToolCallFormatInfo info = ToolCallFormatInfo.For(format);
        var compiler = new JsonSchemaGrammarCompiler();
        string ws = compiler.Whitespace;

        // The call object and its wrapper are written the way the templates write them ({"name": ..., "arguments": ...},
        // one optional space between tokens): a model gets no room to wander in whitespace there.
        string sp = compiler.AddRule("sp", "\" \"?");
        var calls = new List<string>(tools.Count);
        var relaxed = new List<string>();
        foreach (AIFunctionDeclaration tool in tools)
        {
            JsonElement schema = Enforceable(tool, relaxed);
            string arguments = compiler.AddSchema(schema, "#");

            string body = format == ToolCallFormat.DeepSeekR1
                ? $"{GbnfText.Literal("function" + ToolCallFormatInfo.DeepSeekSeparator + tool.Name + "\n```json\n")} {arguments} {GbnfText.Literal("\n```")}"
                : $"\"{{\" {sp} {GbnfText.Literal("\"name\"")} {sp} \":\" {sp} {GbnfText.Literal(Quoted(tool.Name))} {sp} \",\" {sp} "
                  + $"{GbnfText.Literal(Quoted(info.ArgumentsKey ?? "arguments"))} {sp} \":\" {sp} {arguments} {sp}"
                  + (info.CallIdsFromModel ? $" \",\" {sp} {GbnfText.Literal("\"id\"")} {sp} \":\" {sp} \"\\\"\" [a-zA-Z0-9]{{9}} \"\\\"\" {sp}" : "")
                  + " \"}\"";
            calls.Add(compiler.AddRule("call-" + RuleSafe(tool.Name), body));
        }

        string call = compiler.AddRule("tool-call", string.Join(" | ", calls));
        string root = format switch
        {
            ToolCallFormat.Hermes => Repeated(allowMultipleCalls, $"{GbnfText.Literal("<tool_call>")} \"\\n\"? {call} \"\\n\"? {GbnfText.Literal("</tool_call>")}", "\"\\n\"?"),
            ToolCallFormat.Llama3Json => $"( {GbnfText.Literal(ToolCallFormatInfo.PythonTag)} | [ \\t\\n]{{0,8}} ) {call}",
            ToolCallFormat.MistralNemo => $"{GbnfText.Literal("[TOOL_CALLS]")} \"[\" {Repeated(allowMultipleCalls, call, $"\",\" {sp}")} \"]\"",
            ToolCallFormat.Granite => $"{GbnfText.Literal("<|tool_call|>")} \"[\" {Repeated(allowMultipleCalls, call, $"\",\" {sp}")} \"]\"",
            ToolCallFormat.Phi4Mini => Repeated(allowMultipleCalls, $"{GbnfText.Literal("<|tool_call|>")} {call} {GbnfText.Literal("<|/tool_call|>")}", "\"\\n\"?"),
            ToolCallFormat.DeepSeekR1 => $"{GbnfText.Literal(ToolCallFormatInfo.DeepSeekCallsBegin)} "
                + Repeated(allowMultipleCalls, $"{GbnfText.Literal(ToolCallFormatInfo.DeepSeekCallBegin)} {call} {GbnfText.Literal(ToolCallFormatInfo.DeepSeekCallEnd)}", "\"\\n\"")
                + " " + GbnfText.Literal(ToolCallFormatInfo.DeepSeekCallsEnd),
            _ => throw new NotSupportedException($"Tool-call format {format} has no grammar: the model's template shows no way to write tool calls."),
        };
        notEnforced = relaxed;
        return compiler.Render(root);
    }

    /// <summary>
    /// The tool's argument schema without the keywords the grammar cannot enforce: each one the compiler refuses is
    /// removed (and reported) until the rest compiles. A malformed schema still throws.
    /// </summary>
    private static JsonElement Enforceable(AIFunctionDeclaration tool, List<string> relaxed)
    {
        JsonElement schema = tool.JsonSchema;
        JsonNode? editable = null;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                new JsonSchemaGrammarCompiler(schema).Compile();
                return schema;
            }
            catch (JsonSchemaNotSupportedException e) when (attempt < MaxRelaxations && Remove(editable ??= JsonNode.Parse(tool.JsonSchema.GetRawText())!, e.SchemaPath))
            {
                relaxed.Add($"{tool.Name}: '{e.Keyword}' at '{e.SchemaPath}'");
                schema = JsonSerializer.SerializeToElement(editable);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Tool '{tool.Name}' has an argument schema the engine cannot use: {e.Message}", e);
            }
        }
    }

    /// <summary>Removes the keyword at a JSON pointer (<c>#/a/b/keyword</c>) from its object; false when there is none.</summary>
    private static bool Remove(JsonNode root, string pointer)
    {
        string[] segments = pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Uri.UnescapeDataString(p).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))
            .ToArray();
        JsonNode? current = root;
        foreach (string segment in segments[..^1])
        {
            current = current switch
            {
                JsonObject o when o.TryGetPropertyValue(segment, out JsonNode? child) => child,
                JsonArray a when int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return segments.Length > 0 && current is JsonObject parent && parent.Remove(segments[^1]);
    }

    /// <summary>The lazy-grammar trigger patterns of a format: the regular expressions of its openers.</summary>
    public static IReadOnlyList<string> TriggerPatterns(ToolCallFormat format)
        => ToolCallFormatInfo.For(format).Triggers.Select(t => t.Pattern).ToArray();

    private static string Repeated(bool many, string block, string separator) => many ? $"{block} ( {separator} {block} )*" : block;

    private static string Quoted(string text) => "\"" + System.Text.Json.JsonEncodedText.Encode(text, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";

    private static string RuleSafe(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        return safe.ToString().Trim('-') is { Length: > 0 } text ? text : "tool";
    }
}
