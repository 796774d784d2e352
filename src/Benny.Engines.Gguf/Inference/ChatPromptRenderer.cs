using Benny.Engines.Gguf.Native;
using Benny.Runtime;
using Benny.Runtime.Templates;
using Benny.Runtime.Templates.ToolCalling;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// Turns a request's messages into the prompt, the way the model's authors wrote it: the model's Jinja chat template
/// (<c>tokenizer.chat_template</c>, or the <see cref="GgufEngineOptions.ChatTemplate"/> /
/// <see cref="GgufEngineOptions.ChatTemplatePath"/> override) rendered by <see cref="ChatTemplate"/>, parsed once per
/// model. A model template that does not parse falls back to llama.cpp's <c>llama_chat_apply_template</c> (logged once);
/// a model without a template (a base model) gets the plain concatenation of the message texts.
/// </summary>
/// <remarks>Rendering is managed code and runs on the caller's thread, so a bad request fails before it is queued.</remarks>
internal sealed partial class ChatPromptRenderer
{
    private readonly ChatTemplate? _jinja;
    private readonly string? _nativeTemplate;
    private readonly string? _bosText;
    private readonly string? _eosText;

    private ChatPromptRenderer(ChatTemplate? jinja, string? nativeTemplate, string? bosText, string? eosText, ToolCallFormat toolCallFormat, ReasoningFormat reasoningFormat)
    {
        _jinja = jinja;
        _nativeTemplate = nativeTemplate;
        _bosText = bosText;
        _eosText = eosText;
        ToolCallFormat = toolCallFormat;
        ReasoningFormat = reasoningFormat;
    }

    /// <summary>Gets how the prompt is made: <c>jinja</c>, <c>llama.cpp</c> (built-in template matching) or <c>plain</c>.</summary>
    public string Kind => _jinja is not null ? "jinja" : _nativeTemplate is not null ? "llama.cpp" : "plain";

    /// <summary>Gets the template text in use (the override or the model's), or <see langword="null"/> for plain prompts.</summary>
    public string? TemplateSource => _jinja?.Source ?? _nativeTemplate;

    /// <summary>Gets how the model writes tool calls (the option, else detected from the template).</summary>
    public ToolCallFormat ToolCallFormat { get; }

    /// <summary>Gets how the model writes its reasoning (detected from the template).</summary>
    public ReasoningFormat ReasoningFormat { get; }

    /// <summary>Chooses the template for a loaded model.</summary>
    /// <exception cref="ArgumentException">Both <see cref="GgufEngineOptions.ChatTemplate"/> and <see cref="GgufEngineOptions.ChatTemplatePath"/> are set.</exception>
    /// <exception cref="FileNotFoundException">The <see cref="GgufEngineOptions.ChatTemplatePath"/> file does not exist.</exception>
    /// <exception cref="TemplateParseException">The override template does not parse (the model's own falls back instead).</exception>
    public static ChatPromptRenderer Create(LlamaModel model, GgufEngineOptions options, ILogger logger)
    {
        string? bos = TokenText(model.Vocab, Interop.VocabBos(model.Vocab));
        string? eos = TokenText(model.Vocab, Interop.VocabEos(model.Vocab));
        ChatTemplate? jinja = null;
        string? native = null;
        if (Override(options) is { } configured)
        {
            jinja = ChatTemplate.Parse(configured.Source, configured.Name); // the user's own template must parse: no silent fallback
        }
        else if (model.ChatTemplate is { Length: > 0 } own)
        {
            try
            {
                jinja = ChatTemplate.Parse(own, "tokenizer.chat_template");
            }
            catch (TemplateParseException e)
            {
                native = own;
                LogTemplateFallback(logger, model.Path, e.Message);
            }
        }

        string? source = jinja?.Source ?? native;
        return new ChatPromptRenderer(
            jinja, native, bos, eos,
            ToolCallFormatDetector.Resolve(options.ToolCallFormat, source),
            ToolCallFormatDetector.ResolveReasoning(null, source));
    }

    /// <summary>Renders the prompt for a request.</summary>
    /// <exception cref="NotSupportedException">A message holds content the model cannot take (images, audio, ...).</exception>
    /// <exception cref="TemplateRenderException">The template refused the conversation (its <c>raise_exception</c>, for example roles that must alternate).</exception>
    public RenderedPrompt Render(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        Dictionary<string, object?> variables = ChatTemplateVariables.Create(messages, options, addGenerationPrompt: true, _bosText, _eosText);
        if (_jinja is not null)
        {
            string text = _jinja.Render(variables);
            bool templateWroteBos = !string.IsNullOrEmpty(_bosText) && text.StartsWith(_bosText, StringComparison.Ordinal);
            return new RenderedPrompt(text, ParseSpecial: true, AddSpecial: !templateWroteBos);
        }

        var turns = ((List<object?>)variables["messages"]!)
            .Cast<Dictionary<string, object?>>()
            .Select(m => ((string)m["role"]!, m["content"] as string ?? ""))
            .ToArray();
        return _nativeTemplate is not null
            ? new RenderedPrompt(Interop.ChatApplyTemplate(_nativeTemplate, turns, addAssistantPrefix: true), ParseSpecial: true, AddSpecial: true)
            : new RenderedPrompt(string.Join("\n", turns.Select(t => t.Item2)), ParseSpecial: false, AddSpecial: true);
    }

    private static (string Source, string Name)? Override(GgufEngineOptions options)
    {
        if (options.ChatTemplate is not null && options.ChatTemplatePath is not null)
        {
            throw new ArgumentException("Set either GgufEngineOptions.ChatTemplate (the template text) or ChatTemplatePath (a file), not both.", nameof(options));
        }

        if (options.ChatTemplatePath is { } file)
        {
            string path = PathExpansion.GetFullPath(file);
            return File.Exists(path)
                ? (File.ReadAllText(path), path)
                : throw new FileNotFoundException($"The chat template file '{path}' (GgufEngineOptions.ChatTemplatePath) does not exist.", path);
        }

        return options.ChatTemplate is { } text ? (text, "GgufEngineOptions.ChatTemplate") : null;
    }

    private static string? TokenText(nint vocab, int token) => token < 0 ? null : Interop.VocabTokenText(vocab, token);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "The chat template of {Path} is not supported by Benny's Jinja renderer ({Problem}); llama.cpp's built-in template matching formats its prompts instead, without tools.")]
    private static partial void LogTemplateFallback(ILogger logger, string path, string problem);
}
