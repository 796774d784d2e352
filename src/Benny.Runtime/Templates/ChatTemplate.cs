namespace Benny.Runtime.Templates;

/// <summary>
/// A model's chat template (the Jinja2 text in <c>tokenizer.chat_template</c>), parsed once and rendered per request.
/// Rendering behaves as transformers' <c>apply_chat_template</c> does with Python's Jinja2: an immutable sandbox with
/// <c>trim_blocks</c> and <c>lstrip_blocks</c>, the <c>loopcontrols</c> extension, <c>tojson</c> as
/// <c>json.dumps(ensure_ascii=False)</c>, and the globals <c>raise_exception</c> and <c>strftime_now</c>.
/// See docs/templates.md for what is supported.
/// </summary>
/// <remarks>A parsed template is immutable: one instance can be rendered from many threads at once.</remarks>
public sealed class ChatTemplate
{
    private readonly List<Stmt> _body;

    private ChatTemplate(string source, string? name, List<Stmt> body)
    {
        Source = source;
        Name = name;
        _body = body;
    }

    /// <summary>Gets the template text this instance was parsed from.</summary>
    /// <value>The source exactly as given to <see cref="Parse(string, string?)"/>.</value>
    public string Source { get; }

    /// <summary>Gets the name errors use for this template.</summary>
    /// <value>The name given to <see cref="Parse(string, string?)"/>, or <see langword="null"/>.</value>
    public string? Name { get; }

    /// <summary>Parses a Jinja2 chat template.</summary>
    /// <param name="source">The template text.</param>
    /// <param name="name">A name for error messages (a model name, a file name), or <see langword="null"/>.</param>
    /// <returns>The parsed template.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="TemplateParseException">The text is not valid Jinja2, or uses a tag or filter this engine does not support; the message names the line and column.</exception>
    public static ChatTemplate Parse(string source, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ChatTemplate(source, name, TemplateParser.Parse(source, name));
    }

    /// <summary>Renders the template with default options.</summary>
    /// <param name="variables">
    /// The template's variables (<c>messages</c>, <c>tools</c>, <c>add_generation_prompt</c>, <c>bos_token</c>, ...): strings,
    /// booleans, integers, floating-point numbers, <see langword="null"/> (Python's <c>None</c>), lists (any
    /// <see cref="System.Collections.IEnumerable"/>), dictionaries (<see cref="IReadOnlyDictionary{TKey, TValue}"/> of
    /// string to object, or <see cref="System.Collections.IDictionary"/>, kept in their order), and
    /// <see cref="System.Text.Json.JsonElement"/> or <see cref="System.Text.Json.Nodes.JsonNode"/> values. A name that is
    /// absent is undefined to the template, which is not the same as <see langword="null"/>.
    /// </param>
    /// <returns>The rendered prompt text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="variables"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A variable holds a value of a type templates cannot use.</exception>
    /// <exception cref="TemplateRenderException">Rendering failed where Python's Jinja2 fails too, or a limit was reached; <see cref="TemplateRenderException.Kind"/> says which.</exception>
    public string Render(IReadOnlyDictionary<string, object?> variables) => Render(variables, null);

    /// <summary>Renders the template.</summary>
    /// <param name="variables">The template's variables, as for <see cref="Render(IReadOnlyDictionary{string, object?})"/>.</param>
    /// <param name="options">The clock and limits to use, or <see langword="null"/> for the defaults.</param>
    /// <returns>The rendered prompt text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="variables"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A variable holds a value of a type templates cannot use.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    /// <exception cref="TemplateRenderException">Rendering failed where Python's Jinja2 fails too, or a limit was reached; <see cref="TemplateRenderException.Kind"/> says which.</exception>
    public string Render(IReadOnlyDictionary<string, object?> variables, ChatTemplateRenderOptions? options)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var maxOutput = options?.MaxOutputLength ?? ChatTemplateRenderOptions.DefaultMaxOutputLength;
        var maxDepth = options?.MaxCallDepth ?? ChatTemplateRenderOptions.DefaultMaxCallDepth;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxOutput, "options.MaxOutputLength");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDepth, "options.MaxCallDepth");
        var converted = TemplateValueConverter.ConvertVariables(variables);
        var renderer = new TemplateRenderer(Name, options?.TimeProvider ?? TimeProvider.System, maxOutput, maxDepth);
        return renderer.Render(_body, converted);
    }
}
