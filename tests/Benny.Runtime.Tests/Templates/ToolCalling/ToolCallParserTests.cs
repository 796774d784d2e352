using System.Text.Json;
using Benny.Runtime.Templates.ToolCalling;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Tests.Templates.ToolCalling;

[TestFixture]
public class ToolCallParserTests
{
    private static IEnumerable<TestCaseData> Samples =>
        ToolCallSamples.All.Select(s => new TestCaseData(s).SetArgDisplayNames(s.Name));

    [TestCaseSource(nameof(Samples))]
    public void Parse_Sample_ReturnsTextReasoningAndCalls(object boxed)
    {
        var sample = (ToolCallSample)boxed;

        ToolCallParseResult result = ToolCallParser.Parse(sample.Output, sample.Format, sample.Reasoning);

        Assert.Multiple(() =>
        {
            Assert.That(result.Text, Is.EqualTo(sample.Text), "text");
            Assert.That(result.Reasoning, Is.EqualTo(sample.ReasoningText), "reasoning");
            ToolCallAssert.CallsMatch(result.Calls, sample.Calls);
        });
    }

    [Test]
    public void Parse_ArgumentValues_AreJsonElementsAndNullForJsonNull()
    {
        ToolCallParseResult result = ToolCallParser.Parse(
            "<tool_call>{\"name\": \"f\", \"arguments\": {\"n\": 3, \"s\": \"x\", \"z\": null}}</tool_call>", ToolCallFormat.Hermes);

        IDictionary<string, object?> arguments = result.Calls.Single().Arguments!;
        Assert.Multiple(() =>
        {
            Assert.That(arguments["n"], Is.TypeOf<JsonElement>());
            Assert.That(((JsonElement)arguments["n"]!).GetInt32(), Is.EqualTo(3));
            Assert.That(((JsonElement)arguments["s"]!).GetString(), Is.EqualTo("x"));
            Assert.That(arguments["z"], Is.Null);
        });
    }

    [Test]
    public void Parse_MalformedArguments_WrapsTheJsonErrorLikeCreateFromParsedArguments()
    {
        ToolCallParseResult result = ToolCallParser.Parse(
            "<tool_call>{\"name\": \"f\", \"arguments\": \"{oops\"}</tool_call>", ToolCallFormat.Hermes);

        FunctionCallContent call = result.Calls.Single();
        FunctionCallContent reference = FunctionCallContent.CreateFromParsedArguments("{oops", "id", "f", static s => JsonSerializer.Deserialize<Dictionary<string, object?>>(s));
        Assert.Multiple(() =>
        {
            Assert.That(call.Exception, Is.TypeOf(reference.Exception!.GetType()));
            Assert.That(call.Exception!.InnerException, Is.InstanceOf<JsonException>());
        });
    }

    [Test]
    public void Parse_GeneratedIds_AreUniqueAcrossCalls()
    {
        string output = string.Concat(Enumerable.Repeat("<tool_call>{\"name\": \"f\", \"arguments\": {}}</tool_call>", 50));

        ToolCallParseResult result = ToolCallParser.Parse(output, ToolCallFormat.Hermes);

        Assert.That(result.Calls.Select(c => c.CallId), Is.Unique.And.All.Match("^call_[A-Za-z0-9]{24}$"));
        Assert.That(result.Calls, Has.Count.EqualTo(50));
    }

    [Test]
    public void ToContents_ReasoningTextAndCalls_InThatOrder()
    {
        ToolCallParseResult result = ToolCallParser.Parse(
            "<think>r</think>t<tool_call>{\"name\": \"f\"}</tool_call>", ToolCallFormat.Hermes, ReasoningFormat.ThinkTags);

        IList<AIContent> contents = result.ToContents();

        Assert.That(contents.Select(c => c.GetType()), Is.EqualTo(new[] { typeof(TextReasoningContent), typeof(TextContent), typeof(FunctionCallContent) }));
        Assert.That(((TextReasoningContent)contents[0]).Text, Is.EqualTo("r"));
        Assert.That(((TextContent)contents[1]).Text, Is.EqualTo("t"));
    }

    [Test]
    public void Parse_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => ToolCallParser.Parse(null!, ToolCallFormat.Hermes));
        Assert.Throws<ArgumentOutOfRangeException>(() => ToolCallParser.Parse("x", (ToolCallFormat)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => ToolCallParser.Parse("x", ToolCallFormat.Hermes, (ReasoningFormat)99));
    }
}
