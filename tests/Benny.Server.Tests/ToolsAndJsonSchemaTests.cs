using System.Text.Json;
using Benny.Runtime.Registry;
using Benny.Server.Tests.Support;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace Benny.Server.Tests;

/// <summary>
/// Tools and JSON-schema output on a random-weight ChatML model: the engine's grammar forces a call when the tool choice is
/// required, and schema-valid JSON under <c>response_format: json_schema</c>, so the wire mapping is checked on real output.
/// </summary>
public class ToolsAndJsonSchemaTests
{
    private const string WeatherSchema = """{"type":"object","properties":{"city":{"type":"string","enum":["Oslo","Rome","Lima"]}},"required":["city"],"additionalProperties":false}""";
    private const string ColorSchema = """{"type":"object","properties":{"color":{"type":"string","enum":["red","green","blue"]}},"required":["color"],"additionalProperties":false}""";
    private static readonly string[] Cities = ["Oslo", "Rome", "Lima"];
    private LoopbackServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await LoopbackServer.StartAsync(models =>
        models.Models["benny-chat-s"] = new ModelDefinition { Engine = "gguf", Path = TestModels.ChatMl, ContextSize = 2048, Parallel = 2 });

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

#pragma warning disable OPENAI001 // ChatCompletionOptions.Seed is marked experimental in the SDK; a fixed seed keeps the random-weight model's output short and reproducible.
    private static ChatCompletionOptions ToolOptions() => new()
    {
        Tools = { ChatTool.CreateFunctionTool("get_weather", "Gets the weather in a city.", BinaryData.FromString(WeatherSchema)) },
        ToolChoice = ChatToolChoice.CreateRequiredChoice(),
        AllowParallelToolCalls = false,
        Temperature = 0.8f,
        Seed = 1,
        MaxOutputTokenCount = 64,
    };
#pragma warning restore OPENAI001

    [Test]
    public async Task CompleteChatAsync_RequiredTool_ReturnsTheCallWithToolCallsFinish()
    {
        ChatCompletion completion = await _server.OpenAi().GetChatClient("benny-chat-s").CompleteChatAsync([new UserChatMessage("Weather in Oslo?")], ToolOptions());

        Assert.That(completion.FinishReason, Is.EqualTo(OpenAI.Chat.ChatFinishReason.ToolCalls));
        ChatToolCall call = completion.ToolCalls.Single();
        Assert.That(call.FunctionName, Is.EqualTo("get_weather"));
        Assert.That(call.Id, Is.Not.Empty);
        using JsonDocument arguments = JsonDocument.Parse(call.FunctionArguments);
        Assert.That(arguments.RootElement.GetProperty("city").GetString(), Is.AnyOf(Cities));
    }

    [Test]
    public async Task CompleteChatStreamingAsync_RequiredTool_StreamsTheCallAsToolCallDeltas()
    {
        string? name = null;
        string? id = null;
        var arguments = new System.Text.StringBuilder();
        OpenAI.Chat.ChatFinishReason? finish = null;
        await foreach (StreamingChatCompletionUpdate update in _server.OpenAi().GetChatClient("benny-chat-s").CompleteChatStreamingAsync([new UserChatMessage("Weather in Rome?")], ToolOptions()))
        {
            foreach (StreamingChatToolCallUpdate call in update.ToolCallUpdates)
            {
                Assert.That(call.Index, Is.Zero);
                name ??= call.FunctionName;
                id ??= call.ToolCallId;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }

            finish = update.FinishReason ?? finish;
        }

        Assert.That((name, finish), Is.EqualTo(("get_weather", (OpenAI.Chat.ChatFinishReason?)OpenAI.Chat.ChatFinishReason.ToolCalls)));
        Assert.That(id, Is.Not.Empty);
        using JsonDocument parsed = JsonDocument.Parse(arguments.ToString());
        Assert.That(parsed.RootElement.GetProperty("city").GetString(), Is.AnyOf(Cities));
    }

    [Test]
    public async Task AsIChatClient_FunctionInvocation_SendsToolCallsAndResultsBackAndEndsWithText()
    {
        int calls = 0;
        AIFunction weather = AIFunctionFactory.Create((City city) => { calls++; return $"{city}: 21 degrees"; }, "get_weather", "Gets the weather in a city.");
        using IChatClient agent = new ChatClientBuilder(_server.OpenAi().GetChatClient("benny-chat-s").AsIChatClient()).UseFunctionInvocation().Build();

        ChatResponse response = await agent.GetResponseAsync(
            "What is the weather in Lima?",
            new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.RequireAny, AllowMultipleToolCalls = false, Temperature = 0.8f, Seed = 3, MaxOutputTokens = 48 });

        Assert.That(calls, Is.EqualTo(1), "the required call ran; the second request (assistant tool_calls + tool result) answered with text");
        FunctionCallContent call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        Assert.That(call.Name, Is.EqualTo("get_weather"));
        Assert.That(response.Messages[^1].Role, Is.EqualTo(ChatRole.Assistant));
        Assert.That(response.Text, Is.Not.Empty);
    }

    [Test]
    public async Task CompleteChatAsync_JsonSchemaResponseFormat_ReturnsJsonThatMatchesTheSchema()
    {
#pragma warning disable OPENAI001 // Seed is experimental in the SDK; see ToolOptions.
        var options = new ChatCompletionOptions
        {
            ResponseFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat("color", BinaryData.FromString(ColorSchema), jsonSchemaIsStrict: true),
            Temperature = 0.8f,
            Seed = 5,
            MaxOutputTokenCount = 64,
        };
#pragma warning restore OPENAI001

        ChatCompletion completion = await _server.OpenAi().GetChatClient("benny-chat-s").CompleteChatAsync([new UserChatMessage("Pick a color.")], options);

        Assert.That(completion.FinishReason, Is.EqualTo(OpenAI.Chat.ChatFinishReason.Stop));
        using JsonDocument answer = JsonDocument.Parse(completion.Content[0].Text);
        Assert.That(answer.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "color" }));
        Assert.That(answer.RootElement.GetProperty("color").GetString(), Is.AnyOf("red", "green", "blue"));
    }

    [Test]
    public async Task GetResponseAsync_TypedThroughAsIChatClient_DeserializesTheSchemaOutput()
    {
        IChatClient client = _server.OpenAi().GetChatClient("benny-chat-s").AsIChatClient();

        ChatResponse<Pick> response = await client.GetResponseAsync<Pick>("Pick a color.", new ChatOptions { Temperature = 0.8f, Seed = 9, MaxOutputTokens = 64 });

        Assert.That(response.Result, Is.Not.Null);
        Assert.That(Enum.IsDefined(response.Result.Color), Is.True);
    }

    /// <summary>A tool argument; an enum keeps the random-weight call short.</summary>
    public enum City
    {
        Oslo,
        Rome,
        Lima,
    }

    /// <summary>The typed answer; an enum keeps the random-weight output short.</summary>
    public sealed record Pick(PickColor Color);

    /// <summary>The colors.</summary>
    public enum PickColor
    {
        Red,
        Green,
        Blue,
    }
}
