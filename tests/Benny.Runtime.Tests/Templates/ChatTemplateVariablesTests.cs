using System.Text.Json;
using Benny.Runtime.Templates;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Tests.Templates;

public class ChatTemplateVariablesTests
{
    [Test]
    public void Create_PlainConversation_GivesOpenAiMessagesAndTheTokenVariables()
    {
        Dictionary<string, object?> variables = ChatTemplateVariables.Create(
            [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi"), new(ChatRole.Assistant, "Hello!"), new(ChatRole.User, "Bye")],
            null, addGenerationPrompt: true, bosToken: "<s>", eosToken: "</s>");

        Assert.That(Json(variables), Is.EqualTo(
            """{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"},{"role":"user","content":"Bye"}],"add_generation_prompt":true,"bos_token":"<s>","eos_token":"</s>"}"""));
        Assert.That(variables.ContainsKey("tools"), Is.False, "no tools offered: templates test 'tools is defined'");
    }

    [Test]
    public void Create_InstructionsWithoutSystemMessage_BecomeTheSystemMessage()
    {
        Dictionary<string, object?> variables = ChatTemplateVariables.Create([new(ChatRole.User, "Hi")], new ChatOptions { Instructions = "Answer in French." }, true, null, null);

        Assert.That(Json(variables["messages"]), Is.EqualTo("""[{"role":"system","content":"Answer in French."},{"role":"user","content":"Hi"}]"""));
    }

    [Test]
    public void Create_InstructionsWithASystemMessage_JoinIt()
    {
        Dictionary<string, object?> variables = ChatTemplateVariables.Create(
            [new(ChatRole.System, "You are Benny."), new(ChatRole.User, "Hi")], new ChatOptions { Instructions = "Answer in French." }, true, null, null);

        Assert.That(Json(variables["messages"]), Is.EqualTo("""[{"role":"system","content":"You are Benny.\n\nAnswer in French."},{"role":"user","content":"Hi"}]"""));
    }

    [Test]
    public void Create_ToolCallsAndResults_RenderAsToolCallsAndToolMessages()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.User, "Weather in Oslo and Rome?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Oslo", ["days"] = 2 }), new FunctionCallContent("call_2", "get_weather", new Dictionary<string, object?> { ["city"] = "Rome" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny")]),
            new(ChatRole.Tool, [new FunctionResultContent("call_2", new { temperature = 21, unit = "C" })]),
        ];

        Dictionary<string, object?> variables = ChatTemplateVariables.Create(messages, null, true, null, null);

        Assert.That(Json(variables["messages"]), Is.EqualTo(
            """[{"role":"user","content":"Weather in Oslo and Rome?"},"""
            + """{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":{"city":"Oslo","days":2}}},{"id":"call_2","type":"function","function":{"name":"get_weather","arguments":{"city":"Rome"}}}]},"""
            + """{"role":"tool","tool_call_id":"call_1","content":"sunny","name":"get_weather"},"""
            + """{"role":"tool","tool_call_id":"call_2","content":"{\"temperature\":21,\"unit\":\"C\"}","name":"get_weather"}]"""));
    }

    [Test]
    public void Create_FunctionDeclarations_BecomeOpenAiFunctionTools()
    {
        AIFunction weather = AIFunctionFactory.Create((string city) => "sunny", "get_weather", "Gets the weather.");

        Dictionary<string, object?> variables = ChatTemplateVariables.Create([new(ChatRole.User, "Hi")], new ChatOptions { Tools = [weather] }, true, null, null);

        using JsonDocument tools = JsonDocument.Parse(Json(variables["tools"]));
        JsonElement function = tools.RootElement[0].GetProperty("function");
        Assert.That(tools.RootElement[0].GetProperty("type").GetString(), Is.EqualTo("function"));
        Assert.That(function.GetProperty("name").GetString(), Is.EqualTo("get_weather"));
        Assert.That(function.GetProperty("description").GetString(), Is.EqualTo("Gets the weather."));
        Assert.That(function.GetProperty("parameters").GetProperty("properties").GetProperty("city").GetProperty("type").GetString(), Is.EqualTo("string"));
    }

    [Test]
    public void Create_Image_ThrowsNotSupportedNamingTheContentAndMessage()
    {
        ChatMessage[] messages = [new(ChatRole.User, [new TextContent("What is this?"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")])];

        var error = Assert.Throws<NotSupportedException>(() => ChatTemplateVariables.Create(messages, null, true, null, null));

        Assert.That(error!.Message, Does.Contain("Message 0 (user)").And.Contain("image/png").And.Contain("DataContent"));
    }

    [Test]
    public void Create_HostedTool_ThrowsNotSupportedNamingIt()
    {
        var error = Assert.Throws<NotSupportedException>(() => ChatTemplateVariables.Create([new(ChatRole.User, "Hi")], new ChatOptions { Tools = [new HostedWebSearchTool()] }, true, null, null));

        Assert.That(error!.Message, Does.Contain("HostedWebSearchTool").And.Contain("AIFunctionDeclaration"));
    }

    [Test]
    public void Create_ResultMixedWithText_ThrowsNotSupported()
    {
        ChatMessage[] messages = [new(ChatRole.Tool, [new TextContent("note"), new FunctionResultContent("call_1", "x")])];

        Assert.Throws<NotSupportedException>(() => ChatTemplateVariables.Create(messages, null, true, null, null));
    }

    [Test]
    public void Create_ReasoningContent_IsTheMessagesReasoningContent()
    {
        ChatMessage[] messages = [new(ChatRole.User, "2+2?"), new(ChatRole.Assistant, [new TextReasoningContent("Add them."), new TextContent("4")])];

        Dictionary<string, object?> variables = ChatTemplateVariables.Create(messages, null, false, null, null);

        Assert.That(Json(variables["messages"]), Does.EndWith("""{"role":"assistant","content":"4","reasoning_content":"Add them."}]"""));
        Assert.That(variables["add_generation_prompt"], Is.False);
    }

    private static readonly JsonSerializerOptions Compact = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    private static string Json(object? value) => JsonSerializer.Serialize(value, Compact);
}
