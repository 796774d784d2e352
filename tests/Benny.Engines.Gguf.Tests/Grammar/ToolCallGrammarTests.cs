using System.Text.Json;
using Benny.Engines.Gguf.Grammar;
using Benny.Engines.Gguf.Inference;
using Benny.Engines.Gguf.Tests.Support;
using Benny.Runtime.Templates.ToolCalling;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Tests.Grammar;

/// <summary>
/// The tool-call grammar accepts exactly the markup each real template teaches (checked by llama.cpp's own grammar
/// engine), and the mapper turns ToolMode into the right constraint.
/// </summary>
public class ToolCallGrammarTests
{
    private static readonly AIFunctionDeclaration Weather = AIFunctionFactory.CreateDeclaration("get_weather", "Gets the weather.", Schema("""
        {"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string"}}, "required": ["city", "unit"]}
        """));

    private static readonly AIFunctionDeclaration Time = AIFunctionFactory.CreateDeclaration("get_time", "Gets the time.", Schema("""
        {"type": "object", "properties": {"timezone": {"type": "string"}, "format": {"type": "object", "properties": {"hours": {"type": "integer"}, "seconds": {"type": "boolean"}}, "required": ["hours", "seconds"]}}, "required": ["timezone", "format"]}
        """));

    /// <summary>
    /// Each template's own rendering of a past assistant turn with tool calls: the strings of
    /// tests/Benny.Runtime.Tests/Templates/ToolCalling/TestData/RenderedToolCalls.cs (produced by Python's Jinja2 from the
    /// real templates in ../shared/templates), and Granite's list form, which its system text teaches.
    /// </summary>
    private static readonly TestCaseData[] TemplateMarkup =
    [
        new TestCaseData(ToolCallFormat.Hermes, "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"São Paulo\", \"unit\": \"celsius\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"get_time\", \"arguments\": {\"timezone\": \"America/Sao_Paulo\", \"format\": {\"hours\": 24, \"seconds\": false}}}\n</tool_call>").SetArgDisplayNames("Qwen25TwoCalls"),
        new TestCaseData(ToolCallFormat.Hermes, "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"São Paulo\", \"unit\": \"celsius\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"get_time\", \"arguments\": {\"timezone\": \"America/Sao_Paulo\", \"format\": {\"hours\": 24, \"seconds\": false}}}\n</tool_call>").SetArgDisplayNames("Hermes3TwoCalls"),
        new TestCaseData(ToolCallFormat.Llama3Json, "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"São Paulo\", \"unit\": \"celsius\"}}").SetArgDisplayNames("Llama31OneCall"),
        new TestCaseData(ToolCallFormat.Llama3Json, "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"São Paulo\", \"unit\": \"celsius\"}}").SetArgDisplayNames("Llama32OneCall"),
        new TestCaseData(ToolCallFormat.MistralNemo, "[TOOL_CALLS][{\"name\": \"get_weather\", \"arguments\": {\"city\": \"São Paulo\", \"unit\": \"celsius\"}, \"id\": \"wthr12345\"}, {\"name\": \"get_time\", \"arguments\": {\"timezone\": \"America/Sao_Paulo\", \"format\": {\"hours\": 24, \"seconds\": false}}, \"id\": \"time12345\"}]").SetArgDisplayNames("MistralNemoTwoCalls"),
        new TestCaseData(ToolCallFormat.Phi4Mini, "<|tool_call|>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"São Paulo\", \"unit\": \"celsius\"}}<|/tool_call|><|tool_call|>{\"name\": \"get_time\", \"arguments\": {\"timezone\": \"America/Sao_Paulo\", \"format\": {\"hours\": 24, \"seconds\": false}}}<|/tool_call|>").SetArgDisplayNames("Phi4MiniLlamaCppTwoCalls"),
        new TestCaseData(ToolCallFormat.DeepSeekR1, "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n{\"city\": \"São Paulo\", \"unit\": \"celsius\"}\n```<｜tool▁call▁end｜>\n<｜tool▁call▁begin｜>function<｜tool▁sep｜>get_time\n```json\n{\"timezone\": \"America/Sao_Paulo\", \"format\": {\"hours\": 24, \"seconds\": false}}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>").SetArgDisplayNames("DeepSeekR1TwoCalls"),
        new TestCaseData(ToolCallFormat.Granite, "<|tool_call|>[{\"name\": \"get_weather\", \"arguments\": {\"city\": \"São Paulo\", \"unit\": \"celsius\"}}, {\"name\": \"get_time\", \"arguments\": {\"timezone\": \"America/Sao_Paulo\", \"format\": {\"hours\": 24, \"seconds\": false}}}]").SetArgDisplayNames("GraniteTwoCalls"),
    ];

    [TestCaseSource(nameof(TemplateMarkup))]
    public void Build_TheTemplatesOwnMarkup_IsAccepted(ToolCallFormat format, string markup)
    {
        string grammar = ToolCallGrammar.Build(format, [Weather, Time]);

        Assert.That(GrammarAcceptor.Accepts(grammar, markup), Is.True, grammar);
    }

    [TestCase("<tool_call>\n{\"name\": \"get_news\", \"arguments\": {\"city\": \"Oslo\", \"unit\": \"c\"}}\n</tool_call>", Description = "an undeclared tool")]
    [TestCase("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}\n</tool_call>", Description = "a required argument missing")]
    [TestCase("<tool_call>\n{\"name\": \"get_time\", \"arguments\": {\"timezone\": \"UTC\", \"format\": {\"hours\": \"24\", \"seconds\": false}}}\n</tool_call>", Description = "a string where the schema says integer")]
    [TestCase("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\", \"unit\": \"c\"}}", Description = "the closer missing")]
    [TestCase("Sure! <tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\", \"unit\": \"c\"}}\n</tool_call>", Description = "text before the call (a required call starts at once)")]
    public void Build_Hermes_RejectsCallsTheToolsDoNotAllow(string markup)
    {
        string grammar = ToolCallGrammar.Build(ToolCallFormat.Hermes, [Weather, Time]);

        Assert.That(GrammarAcceptor.Accepts(grammar, markup), Is.False);
    }

    [Test]
    public void Build_OneCallPerTurn_RejectsASecondCall()
    {
        string one = HermesCall("get_weather", WeatherArguments);
        string single = ToolCallGrammar.Build(ToolCallFormat.Hermes, [Weather, Time], allowMultipleCalls: false);
        string many = ToolCallGrammar.Build(ToolCallFormat.Hermes, [Weather, Time]);

        Assert.That(GrammarAcceptor.Accepts(single, one), Is.True);
        Assert.That(GrammarAcceptor.Accepts(single, one + "\n" + one), Is.False);
        Assert.That(GrammarAcceptor.Accepts(many, one + "\n" + one), Is.True);
    }

    [Test]
    public void Build_FormatNone_ThrowsNotSupported()
    {
        Assert.That(() => ToolCallGrammar.Build(ToolCallFormat.None, [Weather]), Throws.TypeOf<NotSupportedException>());
    }

    [Test]
    public void Build_ToolSchemaWithAnUnenforceableKeyword_LeavesItOutAndReportsIt()
    {
        AIFunctionDeclaration lookup = AIFunctionFactory.CreateDeclaration("lookup", null, Schema("""
            {"type": "object", "properties": {"code": {"type": "string", "pattern": "^[A-Z]+$"}, "score": {"type": "number", "minimum": 0.5}}, "required": ["code", "score"]}
            """));

        string grammar = ToolCallGrammar.Build(ToolCallFormat.Hermes, [lookup], allowMultipleCalls: true, out IReadOnlyList<string> notEnforced);

        Assert.That(notEnforced, Is.EquivalentTo(new[] { "lookup: 'pattern' at '#/properties/code/pattern'", "lookup: 'minimum' at '#/properties/score/minimum'" }));
        Assert.That(GrammarAcceptor.Accepts(grammar, HermesCall("lookup", """{"code": "not upper", "score": 0.1}""")), Is.True, "the pattern and the bound are not enforced");
        Assert.That(GrammarAcceptor.Accepts(grammar, HermesCall("lookup", """{"code": 7, "score": 0.1}""")), Is.False, "the rest of the schema still is");
    }

    [Test]
    public void Build_MalformedToolSchema_ThrowsNamingTheTool()
    {
        AIFunctionDeclaration broken = AIFunctionFactory.CreateDeclaration("broken", null, Schema("""{"type": "object", "properties": {"x": {"$ref": "#/$defs/missing"}}}"""));

        Assert.That(() => ToolCallGrammar.Build(ToolCallFormat.Hermes, [broken]), Throws.ArgumentException.With.Message.Contains("Tool 'broken'"));
    }

    [Test]
    public void MapTools_Auto_IsALazyGrammarTriggeredByTheFormatsOpeners()
    {
        GenerationRequest request = GgufOptionsMapper.Map(new ChatOptions { Tools = [Weather, Time] }, ToolCallFormat.Hermes, ReasoningFormat.ThinkTags);

        Assert.That(request.Sampler.GrammarTriggers, Is.EqualTo(new[] { "<tool_call>" }));
        Assert.That(GrammarAcceptor.Accepts(request.Sampler.Grammar!, HermesCall("get_weather", WeatherArguments)), Is.True);
        Assert.That(GrammarAcceptor.Accepts(request.Sampler.Grammar!, HermesCall("get_time", TimeArguments)), Is.True);
        Assert.That(request.ToolCalls, Is.EqualTo(new ToolCallParsing(ToolCallFormat.Hermes, ReasoningFormat.ThinkTags)));
        Assert.That(request.RenderSpecialTokens, Is.True, "markers such as [TOOL_CALLS] are special tokens");
    }

    [Test]
    public void MapTools_RequireAny_ConstrainsFromTheFirstToken()
    {
        GenerationRequest request = GgufOptionsMapper.Map(new ChatOptions { Tools = [Weather], ToolMode = ChatToolMode.RequireAny }, ToolCallFormat.MistralNemo);

        Assert.That(request.Sampler.Grammar, Is.Not.Null);
        Assert.That(request.Sampler.GrammarTriggers, Is.Null);
    }

    [Test]
    public void MapTools_RequireSpecific_AllowsThatToolOnly()
    {
        GenerationRequest request = GgufOptionsMapper.Map(new ChatOptions { Tools = [Weather, Time], ToolMode = ChatToolMode.RequireSpecific("get_time") }, ToolCallFormat.Hermes);

        Assert.That(GrammarAcceptor.Accepts(request.Sampler.Grammar!, HermesCall("get_time", TimeArguments)), Is.True);
        Assert.That(GrammarAcceptor.Accepts(request.Sampler.Grammar!, HermesCall("get_weather", WeatherArguments)), Is.False);
        Assert.That(() => GgufOptionsMapper.Map(new ChatOptions { Tools = [Weather], ToolMode = ChatToolMode.RequireSpecific("nope") }, ToolCallFormat.Hermes),
            Throws.ArgumentException.With.Message.Contains("'nope'").And.Message.Contains("get_weather"));
    }

    [Test]
    public void MapTools_ModeNone_ShowsToolsWithoutConstraintOrParsing()
    {
        GenerationRequest request = GgufOptionsMapper.Map(new ChatOptions { Tools = [Weather], ToolMode = ChatToolMode.None }, ToolCallFormat.Hermes);

        Assert.That((request.Sampler.Grammar, request.ToolCalls), Is.EqualTo(((string?)null, (ToolCallParsing?)null)));
    }

    [Test]
    public void MapTools_AutoWithAResponseFormat_IsRefusedClearly()
    {
        var options = new ChatOptions { Tools = [Weather], ResponseFormat = ChatResponseFormat.Json };

        Assert.That(() => GgufOptionsMapper.Map(options, ToolCallFormat.Hermes), Throws.TypeOf<NotSupportedException>().With.Message.Contains("RequireAny"));
    }

    [Test]
    public void MapTools_HostedTool_IsRefusedNamingIt()
    {
        var options = new ChatOptions { Tools = [new HostedWebSearchTool()] };

        Assert.That(() => GgufOptionsMapper.Map(options, ToolCallFormat.Hermes), Throws.TypeOf<NotSupportedException>().With.Message.Contains("HostedWebSearchTool"));
    }

    private const string WeatherArguments = """{"city": "Oslo", "unit": "celsius"}""";

    private const string TimeArguments = """{"timezone": "UTC", "format": {"hours": 24, "seconds": true}}""";

    private static string HermesCall(string name, string arguments) => $"<tool_call>\n{{\"name\": \"{name}\", \"arguments\": {arguments}}}\n</tool_call>";

    private static JsonElement Schema(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
