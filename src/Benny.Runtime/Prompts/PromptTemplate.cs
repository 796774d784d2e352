using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.RegularExpressions;
using Benny.Runtime.Presets;
using DotLiquid;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Prompts;

/// <summary>
/// One LiteLLM-compatible "dotprompt" template: optional YAML front matter between <c>---</c> lines
/// (<c>model</c>, <c>input.schema</c>, generation settings at the top level or under <c>config</c>),
/// then a Liquid body whose rendered lines starting <c>System:</c>, <c>User:</c> or <c>Assistant:</c>
/// begin chat messages.
/// </summary>
/// <remarks>
/// A template is immutable once parsed, and <see cref="Render"/> is safe to call from several threads at once.
/// The id and version come from the file name: <c>&lt;id&gt;.v&lt;N&gt;.prompt</c> is version N,
/// <c>&lt;id&gt;.prompt</c> is unversioned; <c>.prompt.md</c> works the same way.
/// </remarks>
public sealed partial class PromptTemplate
{
    private readonly Template _template;
    private readonly GenerationPreset _settings;
    private readonly FrozenPreset _frozenSettings;

    // A body without Liquid markup and without declared variables renders the same every time: its messages are
    // rendered once, and each request gets fresh ChatMessage objects of them (the pipeline's common case, kept cheap).
    private readonly (ChatRole Role, string Text)[]? _constant;

    private PromptTemplate(string id, int? version, string sourcePath, string body, Template template, PromptFrontMatter frontMatter)
    {
        Id = id;
        Version = version;
        SourcePath = sourcePath;
        Body = body;
        _template = template;
        _settings = frontMatter.Settings;
        _frozenSettings = new FrozenPreset(_settings);
        Model = frontMatter.Model;
        InputSchema = frontMatter.Schema.AsReadOnly();
        Metadata = new ReadOnlyDictionary<string, object?>(frontMatter.Metadata);
        if (InputSchema.Count == 0 && !body.Contains("{{", StringComparison.Ordinal) && !body.Contains("{%", StringComparison.Ordinal))
        {
            _constant = [.. Render(null).Select(m => (m.Role, m.Text))];
        }
    }

    /// <summary>Gets the prompt id: the file name without the version suffix and extension. Ids compare case-insensitively.</summary>
    public string Id { get; }

    /// <summary>Gets the version from a <c>&lt;id&gt;.v&lt;N&gt;.prompt</c> file name.</summary>
    /// <value>The version, or <see langword="null"/> for an unversioned file.</value>
    public int? Version { get; }

    /// <summary>Gets the path of the file this template was read from (as given to <see cref="Parse"/>).</summary>
    public string SourcePath { get; }

    /// <summary>Gets the front matter's <c>model</c> value. Informational: Benny picks the model that a prompt is attached to, not the prompt.</summary>
    /// <value>The model name, or <see langword="null"/> when the front matter has none.</value>
    public string? Model { get; }

    /// <summary>Gets the input variables declared in the front matter's <c>input.schema</c>, in file order.</summary>
    /// <value>Empty when the template declares no schema; then any variables are accepted.</value>
    public IReadOnlyList<PromptVariable> InputSchema { get; }

    /// <summary>
    /// Gets a copy of the generation settings from the front matter (<c>temperature</c>, <c>top_p</c>,
    /// <c>max_tokens</c>, ...). A setting under <c>config:</c> wins over the same setting at the top level.
    /// </summary>
    /// <value>A new preset on each read; parameters the front matter does not set are <see langword="null"/>.</value>
    public GenerationPreset Settings => _settings.OverlayWith(null);

    /// <summary>
    /// Gets the front-matter keys Benny does not interpret (for example <c>output</c>), as plain values:
    /// strings, booleans, <see cref="long"/>, <see cref="double"/>, lists and string-keyed dictionaries.
    /// Unknown keys under <c>config</c> or <c>input</c> appear under a <c>config</c> or <c>input</c> entry.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Metadata { get; }

    /// <summary>Gets the template body (the text after the front matter), before rendering.</summary>
    public string Body { get; }

    /// <summary>Gets the generation settings, ready to fill request options.</summary>
    internal FrozenPreset FrozenSettings => _frozenSettings;

    /// <summary>Parses the text of a prompt file.</summary>
    /// <param name="text">The file content.</param>
    /// <param name="sourcePath">The file's path; its name gives the id and version (<c>&lt;id&gt;.v&lt;N&gt;.prompt</c>).</param>
    /// <returns>The parsed template.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="sourcePath"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourcePath"/> is empty or its file name has no id.</exception>
    /// <exception cref="PromptFormatException">
    /// The front matter is not closed, is malformed YAML, or has a bad value for a known key; or the body
    /// has a Liquid syntax error (such as an unclosed tag). The message names the file.
    /// </exception>
    public static PromptTemplate Parse(string text, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourcePath);
        (string id, int? version) = PromptFileName.Parse(sourcePath);

        string content = text.StartsWith('\uFEFF') ? text[1..] : text;
        string yaml = string.Empty;
        string body = content;
        string[] lines = content.Split('\n');
        if (IsFence(lines[0]))
        {
            int close = Array.FindIndex(lines, 1, IsFence);
            if (close < 0)
            {
                throw new PromptFormatException(sourcePath, "the front matter that starts at line 1 is not closed by a '---' line.", null);
            }

            yaml = string.Join('\n', lines[1..close].Select(l => l.TrimEnd('\r')));
            body = string.Join('\n', lines[(close + 1)..]);
        }

        PromptFrontMatter frontMatter = PromptFrontMatter.Parse(yaml, sourcePath, lineOffset: 1);

        Template template;
        try
        {
            template = Template.Parse(JinjaElif().Replace(body, "{%${dash} elsif"));
        }
        catch (Exception e) when (e is DotLiquid.Exceptions.LiquidException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw new PromptFormatException(sourcePath, $"the template body has a Liquid syntax error: {e.Message}", e);
        }

        template.MakeThreadSafe();
        return new PromptTemplate(id, version, sourcePath, body, template, frontMatter);
    }

    /// <summary>Renders the template and splits the result into chat messages.</summary>
    /// <param name="variables">
    /// The template variables, or <see langword="null"/> for none. Values may be strings, numbers, booleans,
    /// lists, string-keyed dictionaries or <see cref="System.Text.Json.JsonElement"/>s (converted to plain values).
    /// Optional schema variables that are not supplied are set to <see langword="null"/>.
    /// </param>
    /// <returns>
    /// The messages: a line starting <c>System:</c>, <c>User:</c> or <c>Assistant:</c> (any case) begins a message
    /// of that role; text before the first such line is a user message; messages are trimmed and empty ones dropped.
    /// </returns>
    /// <exception cref="PromptRenderException">
    /// A required schema variable is missing, a variable has the wrong type for the schema, the template uses
    /// a variable (or a key of a dictionary variable) that was not supplied, or rendering itself failed.
    /// </exception>
    public IReadOnlyList<ChatMessage> Render(IReadOnlyDictionary<string, object?>? variables)
    {
        if (_constant is not null && variables is not { Count: > 0 })
        {
            var messages = new ChatMessage[_constant.Length];
            WriteConstant(messages);
            return messages;
        }

        return RenderCore(variables);
    }

    /// <summary>
    /// Renders the template (as <see cref="Render"/> does) into a new array that has <paramref name="following"/> room
    /// after the rendered messages, so a caller can append its own messages without another copy.
    /// </summary>
    /// <param name="variables">The template variables, or <see langword="null"/> for none.</param>
    /// <param name="following">The number of free slots to leave after the rendered messages.</param>
    /// <param name="renderedCount">The number of rendered messages at the start of the array.</param>
    /// <returns>The array: the rendered messages, then <paramref name="following"/> empty slots.</returns>
    /// <exception cref="PromptRenderException">As <see cref="Render"/>.</exception>
    internal ChatMessage[] RenderWithRoom(IReadOnlyDictionary<string, object?>? variables, int following, out int renderedCount)
    {
        if (_constant is not null && variables is not { Count: > 0 })
        {
            var messages = new ChatMessage[_constant.Length + following];
            renderedCount = WriteConstant(messages);
            return messages;
        }

        List<ChatMessage> rendered = RenderCore(variables);
        var result = new ChatMessage[rendered.Count + following];
        for (int i = 0; i < rendered.Count; i++)
        {
            result[i] = rendered[i];
        }

        renderedCount = rendered.Count;
        return result;
    }

    /// <summary>Writes fresh messages of the constant body at the start of <paramref name="destination"/>.</summary>
    private int WriteConstant(ChatMessage[] destination)
    {
        (ChatRole Role, string Text)[] constant = _constant!;
        for (int i = 0; i < constant.Length; i++)
        {
            destination[i] = new ChatMessage(constant[i].Role, constant[i].Text);
        }

        return constant.Length;
    }

    private List<ChatMessage> RenderCore(IReadOnlyDictionary<string, object?>? variables)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (variables is not null)
        {
            foreach ((string name, object? value) in variables)
            {
                values[name] = PromptVariableValues.Normalize(value);
            }
        }

        var missingRequired = new List<string>();
        var typeErrors = new List<string>();
        foreach (PromptVariable variable in InputSchema)
        {
            if (!values.TryGetValue(variable.Name, out object? value))
            {
                if (variable.Required)
                {
                    missingRequired.Add(variable.Name);
                }
                else
                {
                    values[variable.Name] = null;
                }
            }
            else if (value is null
                ? variable.Required && variable.Type != PromptVariableType.Any
                : !PromptVariableValues.Matches(variable.Type, value))
            {
                typeErrors.Add($"'{variable.Name}' must be {TypeName(variable.Type)} but is {PromptVariableValues.Describe(value)}");
            }
        }

        if (missingRequired.Count > 0 || typeErrors.Count > 0)
        {
            var problems = new List<string>();
            if (missingRequired.Count > 0)
            {
                problems.Add($"missing required variable(s) {string.Join(", ", missingRequired.Select(n => $"'{n}'"))}");
            }

            problems.AddRange(typeErrors);
            throw new PromptRenderException(Id, $"{Describe()} cannot be rendered: {string.Join("; ", problems)}.", missingRequired);
        }

        var missing = new List<string>();
        Hash hash = PromptVariableValues.ToLiquidHash(values, string.Empty, name =>
        {
            lock (missing)
            {
                if (!missing.Contains(name))
                {
                    missing.Add(name);
                }
            }
        });

        string rendered;
        try
        {
            rendered = _template.Render(new RenderParameters(CultureInfo.InvariantCulture)
            {
                LocalVariables = hash,
                ErrorsOutputMode = ErrorsOutputMode.Rethrow,
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PromptRenderException(Id, $"{Describe()} failed to render: {e.Message}", null, e);
        }

        if (missing.Count > 0)
        {
            throw new PromptRenderException(
                Id,
                $"{Describe()} uses variable(s) that were not supplied: {string.Join(", ", missing.Select(n => $"'{n}'"))}. "
                + "Supply them (ChatOptions.WithPromptVariables) or declare them optional in input.schema ('name?: string').",
                missing);
        }

        return PromptMessageSplitter.Split(rendered);
    }

    /// <inheritdoc />
    public override string ToString() => Describe();

    private string Describe() => Version is { } v ? $"Prompt '{Id}' version {v} ({SourcePath})" : $"Prompt '{Id}' ({SourcePath})";

    private static bool IsFence(string line) => line.TrimEnd() == "---";

    private static string TypeName(PromptVariableType type) => type switch
    {
        PromptVariableType.Integer => "an integer",
        PromptVariableType.Array => "an array",
        PromptVariableType.Object => "an object",
        PromptVariableType.Any => "any value",
        _ => "a " + type.ToString().ToLowerInvariant(),
    };

    [GeneratedRegex(@"\{%(?<dash>-?)\s*elif\b", RegexOptions.CultureInvariant)]
    private static partial Regex JinjaElif();
}
