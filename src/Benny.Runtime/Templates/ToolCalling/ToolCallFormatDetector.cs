using System.Text.RegularExpressions;

namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>
/// Finds the tool-call and reasoning formats of a model from the source text of its Jinja chat template, by
/// the markers the template writes or describes. A format configured explicitly always wins (<see cref="Resolve"/>).
/// </summary>
/// <remarks>
/// <para>The rules, in order (the first that matches decides):</para>
/// <list type="number">
/// <item><c>&lt;｜tool▁calls▁begin｜&gt;</c> → <see cref="ToolCallFormat.DeepSeekR1"/>.</item>
/// <item><c>[TOOL_CALLS]</c> → <see cref="ToolCallFormat.MistralNemo"/>.</item>
/// <item><c>&lt;tool_call&gt;</c> → <see cref="ToolCallFormat.Hermes"/>.</item>
/// <item><c>&lt;|tool_call|&gt;</c> with <c>&lt;|/tool_call|&gt;</c>, or Phi's tool list <c>&lt;|tool|&gt;</c> with
/// <c>&lt;|/tool|&gt;</c> → <see cref="ToolCallFormat.Phi4Mini"/>.</item>
/// <item><c>&lt;|tool_call|&gt;</c> alone → <see cref="ToolCallFormat.Granite"/>.</item>
/// <item><c>&lt;|python_tag|&gt;</c>, or Llama 3's <c>&lt;|start_header_id|&gt;</c> with <c>tool_calls</c> → <see cref="ToolCallFormat.Llama3Json"/>.</item>
/// <item>otherwise <see cref="ToolCallFormat.None"/>.</item>
/// </list>
/// </remarks>
public static partial class ToolCallFormatDetector
{
    /// <summary>Detects the tool-call format a chat template teaches.</summary>
    /// <param name="chatTemplateSource">The Jinja source of the chat template.</param>
    /// <returns>The format, or <see cref="ToolCallFormat.None"/> when the template shows no tool-call markup.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="chatTemplateSource"/> is <see langword="null"/>.</exception>
    public static ToolCallFormat Detect(string chatTemplateSource)
    {
        ArgumentNullException.ThrowIfNull(chatTemplateSource);
        bool Has(string marker) => chatTemplateSource.Contains(marker, StringComparison.Ordinal);

        if (Has(ToolCallFormatInfo.DeepSeekCallsBegin))
        {
            return ToolCallFormat.DeepSeekR1;
        }

        if (Has("[TOOL_CALLS]"))
        {
            return ToolCallFormat.MistralNemo;
        }

        if (Has("<tool_call>"))
        {
            return ToolCallFormat.Hermes;
        }

        if ((Has("<|tool_call|>") && Has("<|/tool_call|>")) || (Has("<|tool|>") && Has("<|/tool|>")))
        {
            return ToolCallFormat.Phi4Mini;
        }

        if (Has("<|tool_call|>"))
        {
            return ToolCallFormat.Granite;
        }

        if (Has(ToolCallFormatInfo.PythonTag) || (Has("<|start_header_id|>") && Has("tool_calls")))
        {
            return ToolCallFormat.Llama3Json;
        }

        return ToolCallFormat.None;
    }

    /// <summary>Detects how a model marks its reasoning, from its chat template.</summary>
    /// <param name="chatTemplateSource">The Jinja source of the chat template.</param>
    /// <returns>
    /// <see cref="ReasoningFormat.ThinkTagsOpenedByPrompt"/> when the template's generation prompt (the part after its
    /// last <c>add_generation_prompt</c>) ends a string with <c>&lt;think&gt;</c>; <see cref="ReasoningFormat.ThinkTags"/>
    /// when the template mentions <c>&lt;/think&gt;</c> elsewhere; otherwise <see cref="ReasoningFormat.None"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="chatTemplateSource"/> is <see langword="null"/>.</exception>
    public static ReasoningFormat DetectReasoning(string chatTemplateSource)
    {
        ArgumentNullException.ThrowIfNull(chatTemplateSource);
        int generationPrompt = chatTemplateSource.LastIndexOf("add_generation_prompt", StringComparison.Ordinal);
        if (generationPrompt >= 0 && ThinkAtEndOfString().IsMatch(chatTemplateSource.AsSpan(generationPrompt)))
        {
            return ReasoningFormat.ThinkTagsOpenedByPrompt;
        }

        return chatTemplateSource.Contains("</think>", StringComparison.Ordinal) ? ReasoningFormat.ThinkTags : ReasoningFormat.None;
    }

    /// <summary>Chooses the tool-call format: the configured one if any, else the one detected from the template.</summary>
    /// <param name="configured">A format set explicitly (engine or model options), or <see langword="null"/> to detect.</param>
    /// <param name="chatTemplateSource">The chat template, or <see langword="null"/> when the model has none.</param>
    /// <returns><paramref name="configured"/>, else <see cref="Detect"/>'s answer, else <see cref="ToolCallFormat.None"/>.</returns>
    public static ToolCallFormat Resolve(ToolCallFormat? configured, string? chatTemplateSource) =>
        configured ?? (chatTemplateSource is null ? ToolCallFormat.None : Detect(chatTemplateSource));

    /// <summary>Chooses the reasoning format: the configured one if any, else the one detected from the template.</summary>
    /// <param name="configured">A format set explicitly, or <see langword="null"/> to detect.</param>
    /// <param name="chatTemplateSource">The chat template, or <see langword="null"/> when the model has none.</param>
    /// <returns><paramref name="configured"/>, else <see cref="DetectReasoning"/>'s answer, else <see cref="ReasoningFormat.None"/>.</returns>
    public static ReasoningFormat ResolveReasoning(ReasoningFormat? configured, string? chatTemplateSource) =>
        configured ?? (chatTemplateSource is null ? ReasoningFormat.None : DetectReasoning(chatTemplateSource));

    // "<think>" followed only by newlines (escaped or real) and then the string's closing quote.
    [GeneratedRegex("<think>(?:\\\\n|\\n)*['\"]", RegexOptions.CultureInvariant)]
    private static partial Regex ThinkAtEndOfString();
}
