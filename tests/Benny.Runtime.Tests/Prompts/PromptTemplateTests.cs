using System.Text.Json;
using Benny.Runtime.Prompts;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Tests.Prompts;

public sealed class PromptTemplateTests
{
    private const string Path = "/prompts/greet.prompt";

    [Test]
    public void Parse_TopLevelSettings_FillsSettingsModelAndSchema()
    {
        PromptTemplate template = PromptTemplate.Parse(
            """
            ---
            model: benny-tool-m
            temperature: 0.2
            top_p: 0.9
            top_k: 40
            min_p: 0.05
            max_tokens: 256
            seed: 42
            stop: "###"
            frequency_penalty: 0.1
            presence_penalty: 0.3
            repetition_penalty: 1.1
            input:
              schema:
                name: string
            ---
            Hello {{ name }}
            """,
            Path);

        Assert.That(template.Id, Is.EqualTo("greet"));
        Assert.That(template.Version, Is.Null);
        Assert.That(template.Model, Is.EqualTo("benny-tool-m"));
        Assert.That(template.Settings.Temperature, Is.EqualTo(0.2f));
        Assert.That(template.Settings.TopP, Is.EqualTo(0.9f));
        Assert.That(template.Settings.TopK, Is.EqualTo(40));
        Assert.That(template.Settings.MinP, Is.EqualTo(0.05f));
        Assert.That(template.Settings.MaxOutputTokens, Is.EqualTo(256));
        Assert.That(template.Settings.Seed, Is.EqualTo(42L));
        Assert.That(template.Settings.StopSequences, Is.EqualTo(new[] { "###" }));
        Assert.That(template.Settings.FrequencyPenalty, Is.EqualTo(0.1f));
        Assert.That(template.Settings.PresencePenalty, Is.EqualTo(0.3f));
        Assert.That(template.Settings.RepetitionPenalty, Is.EqualTo(1.1f));
        Assert.That(template.InputSchema, Has.Count.EqualTo(1));
        Assert.That(template.Metadata, Is.Empty);
    }

    [Test]
    public void Parse_SettingsUnderConfig_ConfigWinsOverTopLevel()
    {
        PromptTemplate template = PromptTemplate.Parse(
            """
            ---
            temperature: 0.9
            max_tokens: 100
            config:
              temperature: 0.1
              max_output_tokens: 512
              stop: ["</s>", "User:"]
              vendor_flag: on
            ---
            Hi
            """,
            Path);

        Assert.That(template.Settings.Temperature, Is.EqualTo(0.1f));
        Assert.That(template.Settings.MaxOutputTokens, Is.EqualTo(512));
        Assert.That(template.Settings.StopSequences, Is.EqualTo(new[] { "</s>", "User:" }));
        Assert.That(template.Metadata["config"], Is.EqualTo(new Dictionary<string, object?> { ["vendor_flag"] = "on" }));
    }

    [Test]
    public void Parse_StopAsBlockList_GivesEveryStopSequence()
    {
        PromptTemplate template = PromptTemplate.Parse("---\nstop:\n  - a\n  - b\n---\nx", Path);

        Assert.That(template.Settings.StopSequences, Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Parse_SettingsCopy_ChangesDoNotLeakIntoTemplate()
    {
        PromptTemplate template = PromptTemplate.Parse("---\ntemperature: 0.5\n---\nx", Path);

        template.Settings.Temperature = 1;

        Assert.That(template.Settings.Temperature, Is.EqualTo(0.5f));
    }

    [Test]
    public void Parse_NoFrontMatter_WholeTextIsBodyAndNothingIsSet()
    {
        PromptTemplate template = PromptTemplate.Parse("System: be brief\n---\nnot front matter", Path);

        Assert.That(template.Body, Is.EqualTo("System: be brief\n---\nnot front matter"));
        Assert.That(template.Settings.SetParameters, Is.EqualTo(Benny.Runtime.Presets.GenerationParameters.None));
        Assert.That(template.Model, Is.Null);
        Assert.That(template.InputSchema, Is.Empty);
    }

    [Test]
    public void Parse_EmptyFrontMatterWithCrLf_BodyFollowsFence()
    {
        PromptTemplate template = PromptTemplate.Parse("---\r\n---\r\nHello", Path);

        Assert.That(template.Render(null).Single().Text, Is.EqualTo("Hello"));
    }

    [TestCase("/p/summarize.prompt.md", "summarize", null)]
    [TestCase("/p/summarize.v3.prompt", "summarize", 3)]
    [TestCase("/p/summarize.v12.prompt.md", "summarize", 12)]
    [TestCase("/p/benny-route-s.prompt", "benny-route-s", null)]
    [TestCase("/p/notes.vx.prompt", "notes.vx", null)]
    public void Parse_FileName_GivesIdAndVersion(string path, string id, int? version)
    {
        PromptTemplate template = PromptTemplate.Parse("Hi", path);

        Assert.That(template.Id, Is.EqualTo(id));
        Assert.That(template.Version, Is.EqualTo(version));
        Assert.That(template.SourcePath, Is.EqualTo(path));
    }

    [Test]
    public void Parse_UnknownKeys_KeptInMetadataAsPlainValues()
    {
        PromptTemplate template = PromptTemplate.Parse(
            """
            ---
            output:
              format: json
            retries: 3
            ratio: 0.5
            strict: true
            tags: [a, b]
            note: 'text'
            ---
            x
            """,
            Path);

        Assert.That(template.Metadata["output"], Is.EqualTo(new Dictionary<string, object?> { ["format"] = "json" }));
        Assert.That(template.Metadata["retries"], Is.EqualTo(3L));
        Assert.That(template.Metadata["ratio"], Is.EqualTo(0.5));
        Assert.That(template.Metadata["strict"], Is.EqualTo(true));
        Assert.That(template.Metadata["tags"], Is.EqualTo(new List<object?> { "a", "b" }));
        Assert.That(template.Metadata["note"], Is.EqualTo("text"));
    }

    [Test]
    public void Parse_SchemaForms_GivesTypesOptionalityAndDescriptions()
    {
        PromptTemplate template = PromptTemplate.Parse(
            """
            ---
            input:
              schema:
                name: string, the user's name
                context?: string
                count: integer
                score: number
                flag: boolean
                items: array
                user: object
                anything: any
                untyped:
                verbose: { type: bool, description: talk more, required: false }
            ---
            x
            """,
            Path);

        Assert.That(template.InputSchema, Is.EqualTo(new[]
        {
            new PromptVariable("name", PromptVariableType.String, true, "the user's name"),
            new PromptVariable("context", PromptVariableType.String, false, null),
            new PromptVariable("count", PromptVariableType.Integer, true, null),
            new PromptVariable("score", PromptVariableType.Number, true, null),
            new PromptVariable("flag", PromptVariableType.Boolean, true, null),
            new PromptVariable("items", PromptVariableType.Array, true, null),
            new PromptVariable("user", PromptVariableType.Object, true, null),
            new PromptVariable("anything", PromptVariableType.Any, true, null),
            new PromptVariable("untyped", PromptVariableType.Any, true, null),
            new PromptVariable("verbose", PromptVariableType.Boolean, false, "talk more"),
        }));
    }

    [TestCase("temperature: 9", "'temperature' must be a number in [0, 2] (0 = greedy) (got '9')")]
    [TestCase("top_p: 0", "'top_p' must be a number in (0, 1] (got '0')")]
    [TestCase("presence_penalty: 3", "'presence_penalty' must be a number in [-2, 2] (0 = off) (got '3')")]
    [TestCase("max_tokens: 0", "'max_tokens' must be a whole number 1 or more (got '0')")]
    public void Parse_SettingOutOfSharedRange_ThrowsNamingKeyAndRange(string setting, string expected)
    {
        var e = Assert.Throws<PromptFormatException>(() => PromptTemplate.Parse($"---\n{setting}\n---\nx", Path));

        Assert.That(e!.Message, Does.Contain(expected));
    }

    [Test]
    public void Parse_MalformedYaml_ThrowsNamingFileAndLine()
    {
        var e = Assert.Throws<PromptFormatException>(() => PromptTemplate.Parse("---\nmodel: a\n  temperature: 1\n---\nx", Path));

        Assert.That(e!.FilePath, Is.EqualTo(Path));
        Assert.That(e.Message, Does.StartWith(Path).And.Contain("malformed YAML").And.Contain("line 3"));
    }

    [Test]
    public void Parse_UnterminatedFlowList_ThrowsNamingFile()
    {
        var e = Assert.Throws<PromptFormatException>(() => PromptTemplate.Parse("---\nstop: [a, b\nmodel: m\n---\nx", Path));

        Assert.That(e!.Message, Does.StartWith(Path).And.Contain("malformed YAML"));
    }

    [Test]
    public void Parse_UnclosedFrontMatter_ThrowsNamingFile()
    {
        var e = Assert.Throws<PromptFormatException>(() => PromptTemplate.Parse("---\nmodel: a\nHello", Path));

        Assert.That(e!.Message, Does.StartWith(Path).And.Contain("not closed"));
    }

    [Test]
    public void Parse_FrontMatterNotAMapping_Throws()
    {
        var e = Assert.Throws<PromptFormatException>(() => PromptTemplate.Parse("---\n- a\n- b\n---\nx", Path));

        Assert.That(e!.Message, Does.Contain("mapping"));
    }

    [TestCase("Hello {% if name %}there")]
    [TestCase("Hello {{ name ")]
    [TestCase("{% for x in items %}{{ x }}")]
    public void Parse_LiquidSyntaxError_ThrowsNamingFile(string body)
    {
        var e = Assert.Throws<PromptFormatException>(() => PromptTemplate.Parse(body, Path));

        Assert.That(e!.FilePath, Is.EqualTo(Path));
        Assert.That(e.Message, Does.StartWith(Path).And.Contain("Liquid syntax error"));
    }

    [Test]
    public void Parse_UnknownSchemaType_ThrowsNamingVariableAndType()
    {
        var e = Assert.Throws<PromptFormatException>(() => PromptTemplate.Parse("---\ninput:\n  schema:\n    when: date\n---\nx", Path));

        Assert.That(e!.Message, Does.Contain("'when'").And.Contain("'date'").And.Contain("line 4"));
    }

    [TestCase("temperature: hot", "temperature")]
    [TestCase("temperature: -1", "temperature")]
    [TestCase("top_p: 1.5", "top_p")]
    [TestCase("max_tokens: 0", "max_tokens")]
    [TestCase("top_k: 2.5", "top_k")]
    [TestCase("stop: { a: b }", "stop")]
    [TestCase("max_tokens: 5\nmax_output_tokens: 6", "max_output_tokens")]
    [TestCase("model: [a, b]", "model")]
    public void Parse_BadSettingValue_ThrowsNamingKey(string yaml, string key)
    {
        var e = Assert.Throws<PromptFormatException>(() => PromptTemplate.Parse($"---\n{yaml}\n---\nx", Path));

        Assert.That(e!.Message, Does.StartWith(Path).And.Contain($"'{key}'"));
    }

    [Test]
    public void Parse_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => PromptTemplate.Parse(null!, Path));
        Assert.Throws<ArgumentNullException>(() => PromptTemplate.Parse("x", null!));
        Assert.Throws<ArgumentException>(() => PromptTemplate.Parse("x", " "));
    }

    [Test]
    public void Render_Variables_AreSubstituted()
    {
        PromptTemplate template = PromptTemplate.Parse("---\ninput:\n  schema:\n    name: string\n---\nHello {{ name }}!", Path);

        IReadOnlyList<ChatMessage> messages = template.Render(new Dictionary<string, object?> { ["name"] = "Ada" });

        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.That(messages[0].Role, Is.EqualTo(ChatRole.User));
        Assert.That(messages[0].Text, Is.EqualTo("Hello Ada!"));
    }

    [Test]
    public void Render_RoleLines_SplitIntoTrimmedMessagesAndDropEmptyOnes()
    {
        PromptTemplate template = PromptTemplate.Parse(
            """
            Some preamble.
            SYSTEM: You are terse.
              Keep answers short.

            user:
            Question one?
            Assistant:
            User:   Question two?
            """,
            Path);

        IReadOnlyList<ChatMessage> messages = template.Render(null);

        Assert.That(messages.Select(m => m.Role), Is.EqualTo(new[] { ChatRole.User, ChatRole.System, ChatRole.User, ChatRole.User }));
        Assert.That(messages.Select(m => m.Text), Is.EqualTo(new[]
        {
            "Some preamble.",
            "You are terse.\n  Keep answers short.",
            "Question one?",
            "Question two?",
        }));
    }

    [Test]
    public void Render_ConstantBodyTwice_GivesTheSameTextInFreshMessages()
    {
        PromptTemplate template = PromptTemplate.Parse("System: You clean up transcripts.\nUser: Example: um hi", Path);

        IReadOnlyList<ChatMessage> first = template.Render(null);
        first[0].Contents.Add(new TextContent(" (changed by a caller)"));
        IReadOnlyList<ChatMessage> second = template.Render(new Dictionary<string, object?>());

        Assert.That(second.Select(m => (m.Role, m.Text)), Is.EqualTo(new[] { (ChatRole.System, "You clean up transcripts."), (ChatRole.User, "Example: um hi") }));
        Assert.That(second[0], Is.Not.SameAs(first[0]), "a caller that changes a message does not change the next request's");
    }

    [Test]
    public void Render_OnlyText_IsOneUserMessage()
    {
        PromptTemplate template = PromptTemplate.Parse("\n  Just text.  \n", Path);

        IReadOnlyList<ChatMessage> messages = template.Render(null);

        Assert.That(messages.Single().Role, Is.EqualTo(ChatRole.User));
        Assert.That(messages.Single().Text, Is.EqualTo("Just text."));
    }

    [Test]
    public void Render_LoopsAndConditionals_AreRendered()
    {
        PromptTemplate template = PromptTemplate.Parse(
            """
            ---
            input:
              schema:
                items: array
                user: object
                formal?: boolean
                mode: string
            ---
            System: {% if formal %}Dear {{ user.name }}{% else %}Hi {{ user.name }}{% endif %}
            {% for item in items %}- {{ item.title }} ({{ forloop.index }})
            {% endfor %}{% if mode == "a" %}A{% elif mode == "b" %}B{% else %}C{% endif %}
            """,
            Path);

        IReadOnlyList<ChatMessage> messages = template.Render(new Dictionary<string, object?>
        {
            ["items"] = new[] { new Dictionary<string, object?> { ["title"] = "one" }, new Dictionary<string, object?> { ["title"] = "two" } },
            ["user"] = new Dictionary<string, string> { ["name"] = "Ada" },
            ["mode"] = "b",
        });

        Assert.That(messages.Single().Role, Is.EqualTo(ChatRole.System));
        Assert.That(messages.Single().Text, Is.EqualTo("Hi Ada\n- one (1)\n- two (2)\nB"));
    }

    [Test]
    public void Render_NumbersAndBooleans_UseInvariantFormatting()
    {
        PromptTemplate template = PromptTemplate.Parse("{{ a }} {{ b }} {{ c }}", Path);

        IReadOnlyList<ChatMessage> messages = template.Render(new Dictionary<string, object?> { ["a"] = 1.5, ["b"] = 0.25f, ["c"] = true });

        Assert.That(messages.Single().Text, Is.EqualTo("1.5 0.25 true"));
    }

    [Test]
    public void Render_MissingRequiredVariable_ThrowsListingIt()
    {
        PromptTemplate template = PromptTemplate.Parse("---\ninput:\n  schema:\n    name: string\n    topic: string\n---\n{{ name }} {{ topic }}", Path);

        var e = Assert.Throws<PromptRenderException>(() => template.Render(new Dictionary<string, object?> { ["name"] = "x" }));

        Assert.That(e!.PromptId, Is.EqualTo("greet"));
        Assert.That(e.MissingVariables, Is.EqualTo(new[] { "topic" }));
        Assert.That(e.Message, Does.Contain("'topic'").And.Contain(Path));
    }

    [Test]
    public void Render_UndeclaredVariableNotSupplied_ThrowsListingIt()
    {
        PromptTemplate template = PromptTemplate.Parse("{% if verbose %}Long{% endif %} {{ name }}", Path);

        var e = Assert.Throws<PromptRenderException>(() => template.Render(null));

        Assert.That(e!.MissingVariables, Is.EqualTo(new[] { "verbose", "name" }));
    }

    [Test]
    public void Render_MissingNestedKey_ThrowsWithDottedName()
    {
        PromptTemplate template = PromptTemplate.Parse("{{ user.name }} {{ user.email }}", Path);

        var e = Assert.Throws<PromptRenderException>(() =>
            template.Render(new Dictionary<string, object?> { ["user"] = new Dictionary<string, object?> { ["name"] = "Ada" } }));

        Assert.That(e!.MissingVariables, Is.EqualTo(new[] { "user.email" }));
    }

    [Test]
    public void Render_OptionalVariableNotSupplied_RendersAsEmpty()
    {
        PromptTemplate template = PromptTemplate.Parse(
            "---\ninput:\n  schema:\n    context?: string\n---\nStart{% if context %}: {{ context }}{% endif %}.{{ context }}",
            Path);

        Assert.That(template.Render(null).Single().Text, Is.EqualTo("Start."));
    }

    [TestCase("count", "integer", "three", "string")]
    [TestCase("count", "integer", 2.5, "number")]
    [TestCase("count", "integer", true, "boolean")]
    [TestCase("name", "string", 3, "integer")]
    [TestCase("flag", "boolean", "yes", "string")]
    [TestCase("items", "array", "a,b", "string")]
    [TestCase("user", "object", 1, "integer")]
    [TestCase("score", "number", null, "null")]
    public void Render_MistypedVariable_ThrowsNamingPromptFileVariableAndTypes(string name, string type, object? value, string actual)
    {
        PromptTemplate template = PromptTemplate.Parse($"---\ninput:\n  schema:\n    {name}: {type}\n---\n{{{{ {name} }}}}", Path);

        var e = Assert.Throws<PromptRenderException>(() => template.Render(new Dictionary<string, object?> { [name] = value }));

        Assert.That(e!.Message, Does.Contain("'greet'").And.Contain(Path).And.Contain($"'{name}'").And.Contain(type).And.Contain(actual));
        Assert.That(e.MissingVariables, Is.Empty);
    }

    [Test]
    public void Render_IntegerForNumberAndListForArray_AreAccepted()
    {
        PromptTemplate template = PromptTemplate.Parse("---\ninput:\n  schema:\n    n: number\n    xs: array\n---\n{{ n }} {{ xs | size }}", Path);

        Assert.That(template.Render(new Dictionary<string, object?> { ["n"] = 3, ["xs"] = new List<int> { 1, 2 } }).Single().Text, Is.EqualTo("3 2"));
    }

    [Test]
    public void Render_JsonElementVariables_AreConvertedToPlainValues()
    {
        PromptTemplate template = PromptTemplate.Parse(
            "---\ninput:\n  schema:\n    user: object\n    n: integer\n    tags: array\n    ok: boolean\n---\n{{ user.name }} {{ n }} {% for t in tags %}[{{ t }}]{% endfor %} {{ ok }}",
            Path);
        using JsonDocument json = JsonDocument.Parse("""{ "user": { "name": "Ada" }, "n": 7, "tags": ["a", "b"], "ok": false }""");
        Dictionary<string, object?> variables = json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);

        Assert.That(template.Render(variables).Single().Text, Is.EqualTo("Ada 7 [a][b] false"));
    }

    [Test]
    public void Render_RuntimeError_ThrowsPromptRenderException()
    {
        PromptTemplate template = PromptTemplate.Parse("{{ n | divided_by: 0 }}", Path);

        var e = Assert.Throws<PromptRenderException>(() => template.Render(new Dictionary<string, object?> { ["n"] = 1 }));

        Assert.That(e!.InnerException, Is.Not.Null);
        Assert.That(e.Message, Does.Contain(Path));
    }

    [Test]
    public void Render_DocumentationExample_GivesSystemAndUserMessages()
    {
        PromptTemplate template = PromptTemplate.Parse(
            """
            ---
            model: benny-tool-m            # informational (see "Differences from LiteLLM")
            input:
              schema:
                task: string, what the user wants done
                tools: array
                context?: string           # '?' = optional; unset optional variables are null
                user: { type: object, description: the signed-in user }
            temperature: 0.1               # generation settings at the top level ...
            max_tokens: 512
            config:                        # ... or under config: (config wins when both set one)
              top_p: 0.9
              stop: ["</answer>", "Observation:"]
            output:                        # keys Benny does not interpret are kept in PromptTemplate.Metadata
              format: json
            ---
            System: You are a careful assistant for {{ user.name }}.
            Use only these tools:
            {% for tool in tools %}- {{ tool.name }}: {{ tool.description }}
            {% endfor %}
            {% if context %}Context:
            {{ context }}{% endif %}

            User: {{ task }}
            """,
            "/docs/benny-tool-m.prompt");

        IReadOnlyList<ChatMessage> messages = template.Render(new Dictionary<string, object?>
        {
            ["task"] = "List open tickets",
            ["tools"] = new[] { new Dictionary<string, object?> { ["name"] = "search", ["description"] = "finds tickets" } },
            ["user"] = new Dictionary<string, object?> { ["name"] = "Ada" },
        });

        Assert.That(messages.Select(m => (m.Role, m.Text)), Is.EqualTo(new[]
        {
            (ChatRole.System, "You are a careful assistant for Ada.\nUse only these tools:\n- search: finds tickets"),
            (ChatRole.User, "List open tickets"),
        }));
        Assert.That(template.Settings.StopSequences, Is.EqualTo(new[] { "</answer>", "Observation:" }));
        Assert.That(template.Settings.TopP, Is.EqualTo(0.9f));
        Assert.That(template.Metadata.Keys, Is.EqualTo(new[] { "output" }));
    }
}
