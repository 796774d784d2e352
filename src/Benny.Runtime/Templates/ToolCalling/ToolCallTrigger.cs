namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>
/// One way a tool call can begin in a model's output: the data an engine needs to switch on a lazy
/// grammar (llama.cpp's grammar triggers) when the model starts a call.
/// </summary>
public sealed class ToolCallTrigger
{
    /// <summary>Initializes a new instance of the <see cref="ToolCallTrigger"/> class.</summary>
    /// <param name="text">The literal opener text.</param>
    /// <param name="pattern">A regular expression matching the opener.</param>
    /// <param name="atMessageStartOnly">Whether the opener only counts at the start of the message.</param>
    /// <exception cref="ArgumentException"><paramref name="text"/> or <paramref name="pattern"/> is null or empty.</exception>
    public ToolCallTrigger(string text, string pattern, bool atMessageStartOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Text = text;
        Pattern = pattern;
        AtMessageStartOnly = atMessageStartOnly;
    }

    /// <summary>Gets the opener as the model writes it in its usual form, e.g. <c>&lt;tool_call&gt;</c> or <c>{"name":</c>.</summary>
    /// <remarks>
    /// Openers that are special tokens (<c>[TOOL_CALLS]</c>, <c>&lt;|tool_call|&gt;</c>, <c>&lt;|python_tag|&gt;</c>,
    /// the DeepSeek markers) only appear in the text when the engine detokenizes special tokens.
    /// </remarks>
    public string Text { get; }

    /// <summary>
    /// Gets a regular expression (ECMAScript syntax, which .NET and llama.cpp's std::regex both read) that matches the
    /// opener, including whitespace variants the parser accepts. It is anchored with <c>^</c> when
    /// <see cref="AtMessageStartOnly"/> is <see langword="true"/>.
    /// </summary>
    public string Pattern { get; }

    /// <summary>
    /// Gets a value indicating whether the opener only starts a call at the beginning of the message content
    /// (after whitespace, after any reasoning block, or right after a previous call), as Llama's bare JSON does.
    /// Otherwise it starts a call wherever it appears.
    /// </summary>
    public bool AtMessageStartOnly { get; }

    /// <inheritdoc />
    public override string ToString() => AtMessageStartOnly ? "^" + Text : Text;
}
