using System.Text.Json;
using System.Text.Json.Nodes;
using Benny.Runtime.Templates;
using Microsoft.Extensions.Time.Testing;

namespace Benny.Runtime.Tests.Templates;

public sealed class ChatTemplateTests
{
    private static readonly Dictionary<string, object?> NoVariables = [];

    [Test]
    public void Parse_NullSource_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ChatTemplate.Parse(null!));
    }

    [Test]
    public void Parse_UnknownTag_ThrowsNamingTagNameAndLine()
    {
        var e = Assert.Throws<TemplateParseException>(() => ChatTemplate.Parse("a\n{% if x %}\n  {% generation %}x{% endgeneration %}\n{% endif %}", "model-x"));
        Assert.That(e!.Line, Is.EqualTo(3));
        Assert.That(e.Column, Is.EqualTo(6));
        Assert.That(e.TemplateName, Is.EqualTo("model-x"));
        Assert.That(e.Message, Does.Contain("unknown tag 'generation'").And.Contain("model-x(3,6)"));
    }

    [Test]
    public void Parse_UnclosedBlock_ThrowsSayingWhichEndTagIsMissing()
    {
        var e = Assert.Throws<TemplateParseException>(() => ChatTemplate.Parse("{% for x in y %}{{ x }}"));
        Assert.That(e!.Problem, Does.Contain("'endfor'"));
    }

    [Test]
    public void Parse_BreakOutsideLoop_ThrowsParseException()
    {
        Assert.Throws<TemplateParseException>(() => ChatTemplate.Parse("{% break %}"));
    }

    [Test]
    public void Parse_DeeplyNestedExpression_ThrowsParseExceptionInsteadOfOverflowingTheStack()
    {
        var source = "{{ " + new string('(', 5000) + "1" + new string(')', 5000) + " }}";
        var e = Assert.Throws<TemplateParseException>(() => ChatTemplate.Parse(source));
        Assert.That(e!.Problem, Does.Contain("nested"));
    }

    [Test]
    public void Source_ReturnsTheTextAsGiven()
    {
        const string text = "{{ x }}\r\n";
        Assert.That(ChatTemplate.Parse(text).Source, Is.EqualTo(text));
    }

    [Test]
    public void Render_NullVariables_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ChatTemplate.Parse("x").Render(null!));
    }

    [Test]
    public void Render_RaiseException_ThrowsRaisedByTemplateWithTheTemplatesMessageAndLine()
    {
        var template = ChatTemplate.Parse("line1\n{{ raise_exception('Roles must alternate') }}", "gemma");
        var e = Assert.Throws<TemplateRenderException>(() => template.Render(NoVariables));
        Assert.That(e!.Kind, Is.EqualTo(TemplateErrorKind.RaisedByTemplate));
        Assert.That(e.Problem, Is.EqualTo("Roles must alternate"));
        Assert.That(e.Line, Is.EqualTo(2));
        Assert.That(e.Message, Is.EqualTo("gemma, line 2: Roles must alternate"));
    }

    [Test]
    public void Render_AttributeOfUndefined_ThrowsUndefinedValueNamingTheMissingAttribute()
    {
        var template = ChatTemplate.Parse("{{ message.content.strip() }}", "t");
        var variables = new Dictionary<string, object?> { ["message"] = new Dictionary<string, object?> { ["role"] = "user" } };
        var e = Assert.Throws<TemplateRenderException>(() => template.Render(variables));
        Assert.That(e!.Kind, Is.EqualTo(TemplateErrorKind.UndefinedValue));
        Assert.That(e.Problem, Is.EqualTo("'dict object' has no attribute 'content'"));
    }

    [Test]
    public void Render_TypeError_ThrowsInvalidOperation()
    {
        var e = Assert.Throws<TemplateRenderException>(() => ChatTemplate.Parse("{{ 'a' + 1 }}").Render(NoVariables));
        Assert.That(e!.Kind, Is.EqualTo(TemplateErrorKind.InvalidOperation));
    }

    [Test]
    public void Render_ClrValues_RenderLikeTheSameJson()
    {
        var template = ChatTemplate.Parse("{{ v | tojson }}|{{ v.list[1] }}|{{ v.map.b }}|{{ t }}");
        var clr = new Dictionary<string, object?>
        {
            ["v"] = new Dictionary<string, object?>
            {
                ["i"] = 3,
                ["l"] = 4L,
                ["d"] = 2.5,
                ["f"] = 0.5f,
                ["m"] = 1.25m,
                ["b"] = true,
                ["n"] = null,
                ["s"] = "é",
                ["list"] = new List<object?> { 1, "two" },
                ["array"] = new[] { "x", "y" },
                ["map"] = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
            },
            ["t"] = (1, "a"),
        };
        const string json = """{"i": 3, "l": 4, "d": 2.5, "f": 0.5, "m": 1.25, "b": true, "n": null, "s": "é", "list": [1, "two"], "array": ["x", "y"], "map": {"a": "1", "b": "2"}}""";
        Assert.That(template.Render(clr), Is.EqualTo(json + "|two|2|(1, 'a')"));
    }

    [Test]
    public void Render_JsonElementAndJsonNode_GiveTheSameOutput()
    {
        const string json = """{"messages": [{"role": "user", "content": "hi", "n": 1.0, "k": 7}]}""";
        var template = ChatTemplate.Parse("{% for m in messages %}{{ m.role }}:{{ m.content }}:{{ m.n }}:{{ m.k }}:{{ m | tojson }}{% endfor %}");
        using var doc = JsonDocument.Parse(json);
        var fromElement = template.Render(new Dictionary<string, object?> { ["messages"] = doc.RootElement.GetProperty("messages") });
        var fromNode = template.Render(new Dictionary<string, object?> { ["messages"] = JsonNode.Parse(json)!["messages"] });
        Assert.That(fromElement, Is.EqualTo("""user:hi:1.0:7:{"role": "user", "content": "hi", "n": 1.0, "k": 7}"""));
        Assert.That(fromNode, Is.EqualTo(fromElement));
    }

    [Test]
    public void Render_AbsentVariableAndNullVariable_DifferAsUndefinedAndNone()
    {
        var template = ChatTemplate.Parse("{{ x is defined }}/{{ x is none }}");
        Assert.That(template.Render(NoVariables), Is.EqualTo("False/False"));
        Assert.That(template.Render(new Dictionary<string, object?> { ["x"] = null }), Is.EqualTo("True/True"));
    }

    [Test]
    public void Render_UnsupportedValueType_ThrowsArgumentExceptionNamingTheVariable()
    {
        var variables = new Dictionary<string, object?> { ["messages"] = new List<object?> { new Uri("http://x") } };
        var e = Assert.Throws<ArgumentException>(() => ChatTemplate.Parse("x").Render(variables));
        Assert.That(e!.Message, Does.Contain("messages[0]").And.Contain("System.Uri"));
    }

    [Test]
    public void Render_StrftimeNow_ReadsTheLocalTimeOfTheGivenClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 9, 23, 30, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2"));
        var output = ChatTemplate.Parse("{{ strftime_now('%d %b %Y %H:%M') }}").Render(NoVariables, new ChatTemplateRenderOptions { TimeProvider = clock });
        Assert.That(output, Is.EqualTo("10 Mar 2025 01:30"));
    }

    [Test]
    public void Render_OutputOverTheLimit_ThrowsLimitExceeded()
    {
        var template = ChatTemplate.Parse("{% for i in range(100) %}0123456789{% endfor %}");
        var e = Assert.Throws<TemplateRenderException>(() => template.Render(NoVariables, new ChatTemplateRenderOptions { MaxOutputLength = 500 }));
        Assert.That(e!.Kind, Is.EqualTo(TemplateErrorKind.LimitExceeded));
        Assert.That(template.Render(NoVariables, new ChatTemplateRenderOptions { MaxOutputLength = 1000 }), Has.Length.EqualTo(1000));
    }

    [Test]
    public void Render_StringRepetitionOverTheLimit_ThrowsLimitExceeded()
    {
        var e = Assert.Throws<TemplateRenderException>(() => ChatTemplate.Parse("{{ 'x' * 1000000000 }}").Render(NoVariables));
        Assert.That(e!.Kind, Is.EqualTo(TemplateErrorKind.LimitExceeded));
    }

    [Test]
    public void Render_EndlessMacroRecursion_ThrowsLimitExceeded()
    {
        var template = ChatTemplate.Parse("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}");
        var e = Assert.Throws<TemplateRenderException>(() => template.Render(NoVariables, new ChatTemplateRenderOptions { MaxCallDepth = 50 }));
        Assert.That(e!.Kind, Is.EqualTo(TemplateErrorKind.LimitExceeded));
        Assert.That(e.Problem, Does.Contain("50"));
    }

    [Test]
    public void Render_NonPositiveLimit_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChatTemplate.Parse("x").Render(NoVariables, new ChatTemplateRenderOptions { MaxOutputLength = 0 }));
    }

    [Test]
    public void Render_OneTemplateFromManyThreads_EachRenderGetsItsOwnVariables()
    {
        var template = ChatTemplate.Parse(
            "{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + 1 %}{{ m.content }};{% endfor %}{{ ns.n }}");
        var failures = 0;
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var messages = Enumerable.Range(0, i % 7).Select(k => (object?)new Dictionary<string, object?> { ["content"] = $"{i}-{k}" }).ToList();
            var expected = string.Concat(Enumerable.Range(0, i % 7).Select(k => $"{i}-{k};")) + (i % 7);
            if (template.Render(new Dictionary<string, object?> { ["messages"] = messages }) != expected)
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.That(failures, Is.Zero);
    }
}
