using System.Text;
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
    /// <summary>Builds the grammar for calls to <paramref name="tools"/> in <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentException">No tools were given, or a tool's schema is malformed.</exception>
    /// <exception cref="NotSupportedException">The format is <see cref="ToolCallFormat.None"/>, or a tool's schema uses a keyword the grammar cannot enforce.</exception>
    public static string Build(ToolCallFormat format, IReadOnlyList<AIFunctionDeclaration> tools)
    {
        if (tools.Count == 0)
        {
            throw new ArgumentException("At least one tool is needed for a tool-call grammar.", nameof(tools));
        }

        ToolCallFormatInfo info = ToolCallFormatInfo.For(format);
        var compiler = new JsonSchemaGrammarCompiler();
        string ws = compiler.Whitespace;
        var calls = new List<string>(tools.Count);
        foreach (AIFunctionDeclaration tool in tools)
        {
            string arguments;
            try
            {
                arguments = compiler.AddSchema(tool.JsonSchema, "#/tools/" + tool.Name);
            }
            catch (NotSupportedException e)
            {
                throw new NotSupportedException($"Tool '{tool.Name}': {e.Message}", e);
            }

            string body = format == ToolCallFormat.DeepSeekR1
                ? $"{GbnfText.Literal("function" + ToolCallFormatInfo.DeepSeekSeparator + tool.Name + "\n```json\n")} {arguments} {GbnfText.Literal("\n```")}"
                : $"\"{{\" {ws} {GbnfText.Literal("\"name\"")} {ws} \":\" {ws} {GbnfText.Literal(Quoted(tool.Name))} {ws} \",\" {ws} "
                  + $"{GbnfText.Literal(Quoted(info.ArgumentsKey ?? "arguments"))} {ws} \":\" {ws} {arguments} {ws}"
                  + (info.CallIdsFromModel ? $" \",\" {ws} {GbnfText.Literal("\"id\"")} {ws} \":\" {ws} \"\\\"\" [a-zA-Z0-9]{{9}} \"\\\"\" {ws}" : "")
                  + " \"}\"";
            calls.Add(compiler.AddRule("call-" + RuleSafe(tool.Name), body));
        }

        string call = compiler.AddRule("tool-call", string.Join(" | ", calls));
        string root = format switch
        {
            ToolCallFormat.Hermes => Repeated($"{GbnfText.Literal("<tool_call>")} {ws} {call} {ws} {GbnfText.Literal("</tool_call>")}", ws),
            ToolCallFormat.Llama3Json => $"( {GbnfText.Literal(ToolCallFormatInfo.PythonTag)} | [ \\t\\n]{{0,8}} ) {call}",
            ToolCallFormat.MistralNemo => $"{GbnfText.Literal("[TOOL_CALLS]")} \"[\" {ws} {call} ( {ws} \",\" {ws} {call} )* {ws} \"]\"",
            ToolCallFormat.Granite => $"{GbnfText.Literal("<|tool_call|>")} \"[\" {ws} {call} ( {ws} \",\" {ws} {call} )* {ws} \"]\"",
            ToolCallFormat.Phi4Mini => Repeated($"{GbnfText.Literal("<|tool_call|>")} {call} {GbnfText.Literal("<|/tool_call|>")}", ws),
            ToolCallFormat.DeepSeekR1 => $"{GbnfText.Literal(ToolCallFormatInfo.DeepSeekCallsBegin)} "
                + $"{GbnfText.Literal(ToolCallFormatInfo.DeepSeekCallBegin)} {call} {GbnfText.Literal(ToolCallFormatInfo.DeepSeekCallEnd)} "
                + $"( \"\\n\" {GbnfText.Literal(ToolCallFormatInfo.DeepSeekCallBegin)} {call} {GbnfText.Literal(ToolCallFormatInfo.DeepSeekCallEnd)} )* "
                + GbnfText.Literal(ToolCallFormatInfo.DeepSeekCallsEnd),
            _ => throw new NotSupportedException($"Tool-call format {format} has no grammar: the model's template shows no way to write tool calls."),
        };
        return compiler.Render(root);
    }

    /// <summary>The lazy-grammar trigger patterns of a format: the regular expressions of its openers.</summary>
    public static IReadOnlyList<string> TriggerPatterns(ToolCallFormat format)
        => ToolCallFormatInfo.For(format).Triggers.Select(t => t.Pattern).ToArray();

    private static string Repeated(string block, string ws) => $"{block} ( {ws} {block} )*";

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
