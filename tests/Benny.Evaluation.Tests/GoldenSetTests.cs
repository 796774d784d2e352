using System.Text.Json;
using Microsoft.Extensions.AI;
using static Benny.Evaluation.Tests.Support.GoldenCases;

namespace Benny.Evaluation.Tests;

public class GoldenSetTests
{
    private const string Minimal = """{"id": "a", "messages": [{"role": "user", "content": "hi"}]}""";

    [Test]
    public void Parse_EveryField_IsRead()
    {
        GoldenSet set = Set("""
            {"id": "extract-003", "messages": [{"role": "system", "content": "Extract."}, {"role": "user", "content": "Ada, 1843"}], "expected": "x", "expected_fields": {"name": "Ada", "year": 1843}, "schema": {"type": "object"}, "expected_tier": "light", "tools": [{"name": "get_weather", "description": "Weather.", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}], "expected_tool_call": {"name": "get_weather", "arguments": {"city": "Paris"}}, "max_tokens": 64, "tags": ["short", "de"]}
            """.Trim());

        GoldenCase golden = set.Cases.Single();
        Assert.That(golden.Id, Is.EqualTo("extract-003"));
        Assert.That(golden.LineNumber, Is.EqualTo(1));
        Assert.That(golden.Messages.Select(m => (m.Role, m.Text)), Is.EqualTo(new[] { (ChatRole.System, "Extract."), (ChatRole.User, "Ada, 1843") }));
        Assert.That(golden.Expected, Is.EqualTo("x"));
        Assert.That(golden.ExpectedFields!.Value.GetProperty("year").GetInt32(), Is.EqualTo(1843));
        Assert.That(golden.Schema!.Value.GetProperty("type").GetString(), Is.EqualTo("object"));
        Assert.That(golden.ExpectedTier, Is.EqualTo("light"));
        Assert.That(golden.Tools.Single().Name, Is.EqualTo("get_weather"));
        Assert.That(golden.Tools.Single().Parameters.GetProperty("properties").TryGetProperty("city", out _), Is.True);
        Assert.That(golden.ExpectedToolCall!.Name, Is.EqualTo("get_weather"));
        Assert.That(golden.ExpectedToolCall.Arguments!.Value.GetProperty("city").GetString(), Is.EqualTo("Paris"));
        Assert.That(golden.MaxTokens, Is.EqualTo(64));
        Assert.That(golden.Tags, Is.EqualTo(new[] { "short", "de" }));
    }

    [Test]
    public void Parse_PromptAndVariables_AreReadAsClrValues()
    {
        GoldenSet set = Set("""{"id": "p", "prompt": "extract", "variables": {"text": "Ada", "n": 3, "ratio": 0.5, "flag": true, "list": [1, 2]}}""");

        GoldenCase golden = set.Cases.Single();
        Assert.That(golden.PromptId, Is.EqualTo("extract"));
        Assert.That(golden.Messages, Is.Empty);
        Assert.That(golden.Variables["text"], Is.EqualTo("Ada"));
        Assert.That(golden.Variables["n"], Is.EqualTo(3L));
        Assert.That(golden.Variables["ratio"], Is.EqualTo(0.5));
        Assert.That(golden.Variables["flag"], Is.EqualTo(true));
        Assert.That(((JsonElement)golden.Variables["list"]!).GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public void Parse_BlankAndCommentLines_AreSkippedAndLineNumbersKept()
    {
        GoldenSet set = Set("// a comment", "", Minimal, "   ", """{"id": "b", "messages": [{"role": "user", "content": "yo"}]}""");

        Assert.That(set.Cases.Select(c => (c.Id, c.LineNumber)), Is.EqualTo(new[] { ("a", 3), ("b", 5) }));
        Assert.That(set.Name, Is.EqualTo("test.jsonl"));
    }

    [TestCase("""{"id": "x", "messages": [{"role": "user", "content": "q"}], "expected_fields": [1]}""", "'expected_fields' must be a JSON object")]
    [TestCase("""{"messages": [{"role": "user", "content": "q"}]}""", "'id' is required")]
    [TestCase("""{"id": "", "messages": [{"role": "user", "content": "q"}]}""", "'id' is required")]
    [TestCase("""{"id": "x"}""", "needs 'messages'")]
    [TestCase("""{"id": "x", "messages": []}""", "'messages' must be a non-empty array")]
    [TestCase("""{"id": "x", "messages": [{"role": "robot", "content": "q"}]}""", "'messages[0].role' must be one of")]
    [TestCase("""{"id": "x", "messages": [{"role": "user"}]}""", "'messages[0].content' is required")]
    [TestCase("""{"id": "x", "messages": [{"role": "user", "content": "q"}], "max_tokens": 0}""", "'max_tokens' must be a positive whole number")]
    [TestCase("""{"id": "x", "messages": [{"role": "user", "content": "q"}], "max_tokens": 1.5}""", "'max_tokens' must be a positive whole number")]
    [TestCase("""{"id": "x", "messages": [{"role": "user", "content": "q"}], "tags": ["a", 1]}""", "'tags' must be an array of strings")]
    [TestCase("""{"id": "x", "messages": [{"role": "user", "content": "q"}], "expected": 42}""", "'expected' must be a string")]
    [TestCase("""{"id": "x", "messages": [{"role": "user", "content": "q"}], "tools": [{"description": "d"}]}""", "'tools[0].name' is required")]
    [TestCase("""{"id": "x", "messages": [{"role": "user", "content": "q"}], "tools": [{"name": "t", "parameters": "none"}]}""", "'tools[0].parameters' must be a JSON schema object")]
    [TestCase("""{"id": "x", "messages": [{"role": "user", "content": "q"}], "expected_tool_call": {"arguments": {}}}""", "'expected_tool_call.name' is required")]
    [TestCase("""{"id": "x", "messages": [{"role": "user", "content": "q"}], "variables": {"a": 1}}""", "'variables' is given without 'prompt'")]
    [TestCase("""{"id": "x", "messages": [{"role": "user", "content": "q"}], "expect": "typo"}""", "unknown field 'expect'")]
    [TestCase("""[1, 2]""", "must be a JSON object")]
    [TestCase("""{"id": "x", """, "not valid JSON")]
    public void Parse_MalformedLine_NamesTheFileLineAndField(string line, string problem)
    {
        var error = Assert.Throws<GoldenSetFormatException>(() => Set(Minimal, "", line));

        Assert.That(error!.Message, Does.StartWith("test.jsonl line 3: ").And.Contain(problem));
        Assert.That(error.LineNumber, Is.EqualTo(3));
        Assert.That(error.SetName, Is.EqualTo("test.jsonl"));
    }

    [Test]
    public void Parse_DuplicateId_NamesBothLines()
    {
        var error = Assert.Throws<GoldenSetFormatException>(() => Set(Minimal, Minimal));

        Assert.That(error!.Message, Does.Contain("line 2").And.Contain("'a'").And.Contain("line 1"));
    }

    [Test]
    public void Parse_NoCase_Throws()
        => Assert.That(() => Set("// only a comment", ""), Throws.TypeOf<GoldenSetFormatException>().With.Message.Contains("no case"));

    [Test]
    public void Load_File_IsNamedAfterTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"golden-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, Minimal + "\n");
        try
        {
            GoldenSet set = GoldenSet.Load(path);

            Assert.That(set.Name, Is.EqualTo(Path.GetFileName(path)));
            Assert.That(set.Cases, Has.Count.EqualTo(1));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Load_MissingFile_NamesIt()
        => Assert.That(() => GoldenSet.Load("/nonexistent/golden.jsonl"), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("/nonexistent/golden.jsonl"));

    [Test]
    public void BuiltInNames_ListTheEmbeddedSets()
        => Assert.That(GoldenSet.BuiltInNames, Does.Contain("classify"));

    [Test]
    public void BuiltIn_EveryShippedSet_Parses()
    {
        foreach (string name in GoldenSet.BuiltInNames)
        {
            GoldenSet set = GoldenSet.BuiltIn(name);

            Assert.That(set.Cases, Is.Not.Empty, name);
            Assert.That(set.Name, Is.EqualTo(name + ".jsonl"));
        }
    }

    [Test]
    public void BuiltIn_IsCaseInsensitive()
        => Assert.That(GoldenSet.BuiltIn("CLASSIFY").Cases, Is.Not.Empty);

    [Test]
    public void BuiltIn_Unknown_ListsTheShippedSets()
        => Assert.That(() => GoldenSet.BuiltIn("nope"), Throws.ArgumentException.With.Message.Contains("nope").And.Message.Contains("classify"));

    [Test]
    public void Constructor_DuplicateIds_Throws()
        => Assert.That(() => new GoldenSet("s", [Case("a"), Case("a")]), Throws.ArgumentException.With.Message.Contains("'a'"));
}
