using Microsoft.Extensions.AI;

namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>
/// Splits a model's output into text, reasoning and tool calls while it is being generated. Feed it the decoded pieces
/// in order with <see cref="Append(string)"/>, then call <see cref="Complete"/> once.
/// </summary>
/// <remarks>
/// <para>
/// Text that can no longer be the start of tool-call markup is released at once. A suffix that could still become an
/// opener (<c>&lt;tool</c> while waiting for <c>&lt;tool_call&gt;</c>) is held back, and after an opener everything is
/// buffered until the call block is complete, so markup never reaches <see cref="ToolCallStreamUpdate.Text"/>. The
/// concatenation of all released text, reasoning and calls equals what <see cref="ToolCallParser.Parse(string, ToolCallFormat, ReasoningFormat)"/>
/// returns for the whole output, however it was split.
/// </para>
/// <para>
/// Openers are recognised in content only, not inside reasoning. Whitespace right before an opener and at the end is
/// dropped, so a trailing space is released only when more text follows it.
/// </para>
/// <para>An instance is for one response and is not thread-safe.</para>
/// </remarks>
public sealed class ToolCallStreamParser
{
    private const string ThinkOpen = "<think>";
    private const string ThinkClose = "</think>";

    private readonly ToolCallFormatInfo info;
    private readonly ToolCallBuilder builder;
    private readonly SegmentWriter text = new();
    private readonly SegmentWriter reasoning = new();
    private readonly List<(string Opener, CallBlockReader Reader)> literalOpeners = [];
    private readonly bool hasJsonStartOpener;
    private readonly bool reasoningOpenedByPrompt;
    private string pending = string.Empty;
    private Mode mode;
    private CallBlockReader? reader;
    private bool atCallBoundary = true;
    private bool afterCall;
    private bool openerInUpdate;

    /// <summary>Initializes a new instance of the <see cref="ToolCallStreamParser"/> class.</summary>
    /// <param name="format">The tool-call format of the model.</param>
    /// <param name="reasoningFormat">How the model marks reasoning.</param>
    /// <exception cref="ArgumentOutOfRangeException">A format is not a defined value.</exception>
    public ToolCallStreamParser(ToolCallFormat format, ReasoningFormat reasoningFormat = ReasoningFormat.None)
        : this(format, reasoningFormat, null)
    {
    }

    internal ToolCallStreamParser(ToolCallFormat format, ReasoningFormat reasoningFormat, Func<string>? newCallId)
    {
        if (!Enum.IsDefined(reasoningFormat))
        {
            throw new ArgumentOutOfRangeException(nameof(reasoningFormat), reasoningFormat, "Unknown reasoning format.");
        }

        info = ToolCallFormatInfo.For(format);
        builder = new ToolCallBuilder(info, newCallId);
        ReasoningFormat = reasoningFormat;
        reasoningOpenedByPrompt = reasoningFormat == ReasoningFormat.ThinkTagsOpenedByPrompt;
        mode = reasoningFormat == ReasoningFormat.None ? Mode.Text : Mode.ReasoningStart;
        switch (format)
        {
            case ToolCallFormat.Hermes:
            case ToolCallFormat.Phi4Mini:
                literalOpeners.Add((info.Triggers[0].Text, new ClosedBlockReader(info.Triggers[0].Text, info.Closer!)));
                break;
            case ToolCallFormat.MistralNemo:
            case ToolCallFormat.Granite:
                literalOpeners.Add((info.Triggers[0].Text, new JsonAfterOpenerReader(info.Triggers[0].Text, skipSemicolon: false)));
                break;
            case ToolCallFormat.Llama3Json:
                literalOpeners.Add((ToolCallFormatInfo.PythonTag, new PythonTagReader()));
                hasJsonStartOpener = true;
                break;
            case ToolCallFormat.DeepSeekR1:
                var deepSeek = new DeepSeekBlockReader();
                literalOpeners.Add((ToolCallFormatInfo.DeepSeekCallsBegin, deepSeek));
                literalOpeners.Add((ToolCallFormatInfo.DeepSeekCallBegin, deepSeek));
                break;
        }
    }

    private enum Mode
    {
        ReasoningStart,
        Reasoning,
        Text,
        Call,
        Completed,
    }

    /// <summary>Gets the tool-call format this parser reads.</summary>
    public ToolCallFormat Format => info.Format;

    /// <summary>Gets the reasoning format this parser reads.</summary>
    public ReasoningFormat ReasoningFormat { get; }

    /// <summary>
    /// Gets a value indicating whether the parser is inside a call block: an opener has appeared and the block is not
    /// complete yet. Nothing is released meanwhile.
    /// </summary>
    public bool InToolCall => mode == Mode.Call;

    /// <summary>Gets a value indicating whether any tool-call opener has appeared in this response.</summary>
    public bool ToolCallSeen { get; private set; }

    /// <summary>Gets a value indicating whether the parser is inside the reasoning block (or still waiting to see whether one begins).</summary>
    public bool InReasoning => mode is Mode.Reasoning || (mode is Mode.ReasoningStart && reasoningOpenedByPrompt);

    /// <summary>Gets a value indicating whether <see cref="Complete"/> has been called.</summary>
    public bool IsCompleted => mode == Mode.Completed;

    /// <summary>Adds the next piece of output.</summary>
    /// <param name="piece">The decoded text; may be empty.</param>
    /// <returns>What can be released now.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="piece"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> has already been called.</exception>
    public ToolCallStreamUpdate Append(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        ThrowIfCompleted();
        pending += piece;
        Process(final: false);
        return TakeUpdate();
    }

    /// <summary>Ends the output: releases what was held back and reads an unfinished call block as far as it goes.</summary>
    /// <returns>The last update.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> has already been called.</exception>
    public ToolCallStreamUpdate Complete()
    {
        ThrowIfCompleted();
        Process(final: true);
        text.DropHeldWhitespace();
        reasoning.DropHeldWhitespace();
        mode = Mode.Completed;
        return TakeUpdate();
    }

    /// <summary>The length of the longest end of <paramref name="text"/> that is a proper beginning of <paramref name="marker"/>.</summary>
    internal static int PartialSuffixLength(string text, string marker)
    {
        for (int length = Math.Min(marker.Length - 1, text.Length); length > 0; length--)
        {
            if (text.AsSpan(text.Length - length).SequenceEqual(marker.AsSpan(0, length)))
            {
                return length;
            }
        }

        return 0;
    }

    private void ThrowIfCompleted()
    {
        if (mode == Mode.Completed)
        {
            throw new InvalidOperationException("The output is already complete.");
        }
    }

    private ToolCallStreamUpdate TakeUpdate()
    {
        FunctionCallContent[] calls = [.. builder.Calls];
        builder.Calls.Clear();
        var update = new ToolCallStreamUpdate(text.Take(), reasoning.Take(), calls, openerInUpdate);
        openerInUpdate = false;
        return update;
    }

    private void Process(bool final)
    {
        while (true)
        {
            switch (mode)
            {
                case Mode.ReasoningStart:
                    if (!ProcessReasoningStart(final))
                    {
                        return;
                    }

                    break;
                case Mode.Reasoning:
                    if (!ProcessReasoning(final))
                    {
                        return;
                    }

                    break;
                case Mode.Text:
                    if (!ProcessText(final))
                    {
                        return;
                    }

                    break;
                case Mode.Call:
                    int consumed = reader!.Read(pending, final, builder);
                    if (consumed < 0)
                    {
                        return;
                    }

                    pending = pending[Math.Max(consumed, 1)..];
                    reader = null;
                    mode = Mode.Text;
                    atCallBoundary = true;
                    afterCall = true;
                    break;
                default:
                    return;
            }
        }
    }

    // Waits until the output shows whether it opens with <think>. Returns true when the mode changed.
    private bool ProcessReasoningStart(bool final)
    {
        int start = JsonScanner.SkipWhitespace(pending, 0);
        ReadOnlySpan<char> rest = pending.AsSpan(start);
        if (rest.StartsWith(ThinkOpen, StringComparison.Ordinal))
        {
            pending = pending[(start + ThinkOpen.Length)..];
            mode = Mode.Reasoning;
            return true;
        }

        if (!final && ThinkOpen.AsSpan().StartsWith(rest, StringComparison.Ordinal))
        {
            return false;
        }

        mode = reasoningOpenedByPrompt ? Mode.Reasoning : Mode.Text;
        return true;
    }

    private bool ProcessReasoning(bool final)
    {
        int close = pending.IndexOf(ThinkClose, StringComparison.Ordinal);
        if (close >= 0)
        {
            reasoning.Write(pending.AsSpan(0, close));
            pending = pending[(close + ThinkClose.Length)..];
            mode = Mode.Text;
            return true;
        }

        int hold = final ? 0 : PartialSuffixLength(pending, ThinkClose);
        reasoning.Write(pending.AsSpan(0, pending.Length - hold));
        pending = pending[(pending.Length - hold)..];
        return false;
    }

    // Releases text up to the next opener (then switches to Call mode and returns true) or up to a possible partial opener.
    private bool ProcessText(bool final)
    {
        int openerAt = -1;
        CallBlockReader? openerReader = null;
        foreach ((string opener, CallBlockReader candidate) in literalOpeners)
        {
            int index = pending.IndexOf(opener, StringComparison.Ordinal);
            if (index >= 0 && (openerAt < 0 || index < openerAt))
            {
                openerAt = index;
                openerReader = candidate;
            }
        }

        int releaseEnd = pending.Length;
        if (hasJsonStartOpener && atCallBoundary)
        {
            int start = JsonScanner.SkipWhitespace(pending, 0);
            if (start < pending.Length)
            {
                switch (MatchJsonStart(pending, start, afterCall))
                {
                    case StartMatch.Full when openerAt < 0 || start < openerAt:
                        openerAt = start;
                        openerReader = new JsonAfterOpenerReader(string.Empty, skipSemicolon: true);
                        break;
                    case StartMatch.Partial when !final:
                        releaseEnd = start;
                        break;
                    case StartMatch.None:
                        atCallBoundary = false;
                        break;
                }
            }
        }

        if (openerAt >= 0)
        {
            WriteText(pending.AsSpan(0, openerAt));
            text.DropHeldWhitespace();
            pending = pending[openerAt..];
            reader = openerReader;
            mode = Mode.Call;
            ToolCallSeen = true;
            openerInUpdate = true;
            return true;
        }

        if (!final)
        {
            foreach ((string opener, _) in literalOpeners)
            {
                releaseEnd = Math.Min(releaseEnd, pending.Length - PartialSuffixLength(pending, opener));
            }
        }

        WriteText(pending.AsSpan(0, releaseEnd));
        pending = pending[releaseEnd..];
        return false;
    }

    private void WriteText(ReadOnlySpan<char> span)
    {
        if (text.Write(span))
        {
            atCallBoundary = false;
            afterCall = false;
        }
    }

    // Llama's bare JSON call at the start of the message: optional ';' (after a call), '{', whitespace, "name", whitespace, ':'.
    private static StartMatch MatchJsonStart(string text, int index, bool allowSemicolon)
    {
        if (allowSemicolon && text[index] == ';')
        {
            index = JsonScanner.SkipWhitespace(text, index + 1);
        }

        foreach (string part in (ReadOnlySpan<string>)["{", "\"name\"", ":"])
        {
            index = JsonScanner.SkipWhitespace(text, index);
            int available = Math.Min(part.Length, text.Length - index);
            if (!text.AsSpan(index, available).SequenceEqual(part.AsSpan(0, available)))
            {
                return StartMatch.None;
            }

            if (available < part.Length)
            {
                return StartMatch.Partial;
            }

            index += part.Length;
        }

        return StartMatch.Full;
    }

    private enum StartMatch
    {
        None,
        Partial,
        Full,
    }
}
