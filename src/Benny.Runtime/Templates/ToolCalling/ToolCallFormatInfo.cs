namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>
/// What an engine needs to know about a <see cref="ToolCallFormat"/>: how a call begins (the triggers of a lazy
/// grammar), how a block ends, and how the call's JSON names its fields.
/// </summary>
/// <remarks>
/// Instances are immutable and shared; get one with <see cref="For(ToolCallFormat)"/>.
/// </remarks>
public sealed class ToolCallFormatInfo
{
    /// <summary>The DeepSeek-R1 marker that opens the list of calls (full-width bars U+FF5C, separators U+2581).</summary>
    public const string DeepSeekCallsBegin = "<｜tool▁calls▁begin｜>";

    /// <summary>The DeepSeek-R1 marker that closes the list of calls.</summary>
    public const string DeepSeekCallsEnd = "<｜tool▁calls▁end｜>";

    /// <summary>The DeepSeek-R1 marker that opens one call.</summary>
    public const string DeepSeekCallBegin = "<｜tool▁call▁begin｜>";

    /// <summary>The DeepSeek-R1 marker that closes one call.</summary>
    public const string DeepSeekCallEnd = "<｜tool▁call▁end｜>";

    /// <summary>The DeepSeek-R1 marker between a call's type and its function name.</summary>
    public const string DeepSeekSeparator = "<｜tool▁sep｜>";

    /// <summary>Llama 3.1's marker before a call to a built-in tool or a JSON call.</summary>
    public const string PythonTag = "<|python_tag|>";

    private static readonly ToolCallFormatInfo NoneInfo = new(ToolCallFormat.None, [], null, null, false, false);

    private static readonly ToolCallFormatInfo HermesInfo = new(
        ToolCallFormat.Hermes, [Literal("<tool_call>")], "</tool_call>", "arguments", false, true);

    private static readonly ToolCallFormatInfo Llama3JsonInfo = new(
        ToolCallFormat.Llama3Json,
        [new ToolCallTrigger("{\"name\":", "^\\s*\\{\\s*\"name\"\\s*:", atMessageStartOnly: true), Literal(PythonTag)],
        null,
        "parameters",
        false,
        false);

    private static readonly ToolCallFormatInfo MistralNemoInfo = new(
        ToolCallFormat.MistralNemo, [Literal("[TOOL_CALLS]")], null, "arguments", true, true);

    private static readonly ToolCallFormatInfo GraniteInfo = new(
        ToolCallFormat.Granite, [Literal("<|tool_call|>")], null, "arguments", false, true);

    private static readonly ToolCallFormatInfo Phi4MiniInfo = new(
        ToolCallFormat.Phi4Mini, [Literal("<|tool_call|>")], "<|/tool_call|>", "arguments", false, true);

    private static readonly ToolCallFormatInfo DeepSeekR1Info = new(
        ToolCallFormat.DeepSeekR1, [Literal(DeepSeekCallsBegin), Literal(DeepSeekCallBegin)], DeepSeekCallsEnd, null, false, true);

    private ToolCallFormatInfo(
        ToolCallFormat format,
        IReadOnlyList<ToolCallTrigger> triggers,
        string? closer,
        string? argumentsKey,
        bool callIdsFromModel,
        bool multipleCallsPerTurn)
    {
        Format = format;
        Triggers = triggers;
        Closer = closer;
        ArgumentsKey = argumentsKey;
        CallIdsFromModel = callIdsFromModel;
        MultipleCallsPerTurn = multipleCallsPerTurn;
    }

    /// <summary>Gets the format described.</summary>
    public ToolCallFormat Format { get; }

    /// <summary>
    /// Gets the openers: the texts after which the model is writing a tool call. Empty for <see cref="ToolCallFormat.None"/>.
    /// </summary>
    /// <remarks>
    /// Hermes <c>&lt;tool_call&gt;</c>; Llama 3 <c>{"name":</c> at the start of the message and <c>&lt;|python_tag|&gt;</c>;
    /// Mistral <c>[TOOL_CALLS]</c>; Granite and Phi-4-mini <c>&lt;|tool_call|&gt;</c>; DeepSeek-R1
    /// <c>&lt;｜tool▁calls▁begin｜&gt;</c> and, since models sometimes skip it, <c>&lt;｜tool▁call▁begin｜&gt;</c>.
    /// </remarks>
    public IReadOnlyList<ToolCallTrigger> Triggers { get; }

    /// <summary>
    /// Gets the text that closes a call block, or <see langword="null"/> when a block ends with its JSON value
    /// (Llama 3, Mistral, Granite). For DeepSeek-R1 it closes the list of calls, and it is optional: the
    /// template itself omits it after a single call.
    /// </summary>
    public string? Closer { get; }

    /// <summary>
    /// Gets the key of the arguments object in a call's JSON: <c>"arguments"</c>, or <c>"parameters"</c> for Llama 3;
    /// <see langword="null"/> for DeepSeek-R1, whose arguments are a fenced JSON block after the name. The parser
    /// accepts the other key too.
    /// </summary>
    public string? ArgumentsKey { get; }

    /// <summary>
    /// Gets a value indicating whether the model writes call ids (Mistral: <c>"id"</c>, nine alphanumeric
    /// characters, which its template requires). Otherwise the parser makes ids (<c>call_</c> and 24 random
    /// alphanumeric characters).
    /// </summary>
    public bool CallIdsFromModel { get; }

    /// <summary>
    /// Gets a value indicating whether the template renders several calls in one assistant turn. The Llama 3.1/3.2
    /// templates reject more than one; the parser still accepts several JSON calls separated by whitespace or <c>;</c>.
    /// </summary>
    public bool MultipleCallsPerTurn { get; }

    /// <summary>Gets the description of a format.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The shared description.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a defined value.</exception>
    public static ToolCallFormatInfo For(ToolCallFormat format) => format switch
    {
        ToolCallFormat.None => NoneInfo,
        ToolCallFormat.Hermes => HermesInfo,
        ToolCallFormat.Llama3Json => Llama3JsonInfo,
        ToolCallFormat.MistralNemo => MistralNemoInfo,
        ToolCallFormat.Granite => GraniteInfo,
        ToolCallFormat.Phi4Mini => Phi4MiniInfo,
        ToolCallFormat.DeepSeekR1 => DeepSeekR1Info,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown tool-call format."),
    };

    /// <inheritdoc />
    public override string ToString() => Format.ToString();

    private static ToolCallTrigger Literal(string text) => new(text, EscapePattern(text), atMessageStartOnly: false);

    private static string EscapePattern(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length * 2);
        foreach (char c in text)
        {
            if ("\\^$.|?*+()[]{}".Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
