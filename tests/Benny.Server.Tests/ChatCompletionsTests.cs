using System.Net;
using System.Text;
using System.Text.Json;
using Benny.Runtime.Registry;
using Benny.Server.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace Benny.Server.Tests;

/// <summary>Chat completions on stories260K (no chat template: the prompt is the plain text) through the official OpenAI SDK, its M.E.AI adapter, and raw HTTP.</summary>
public class ChatCompletionsTests
{
    private LoopbackServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await LoopbackServer.StartAsync(
        models =>
        {
            models.Models["benny-story-s"] = new ModelDefinition { Engine = "gguf", Path = TestModels.Stories260K, ContextSize = 1024, Parallel = 4 };
            models.Models["benny-tale-s"] = new ModelDefinition { AliasOf = "benny-story-s" };
            models.Router.Tiers["light"] = "benny-story-s";
            models.Router.Tiers["heavy"] = "benny-tale-s";
        },
        benny: b => b.AddTierRouter());

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task CompleteChatAsync_Sdk_ReturnsTextUsageAndLengthFinish()
    {
        ChatClient client = _server.OpenAi().GetChatClient("benny-story-s");

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Once upon a time")], new ChatCompletionOptions { MaxOutputTokenCount = 12, Temperature = 0 });

        Assert.That(completion.Content[0].Text, Is.Not.Empty);
        Assert.That(completion.FinishReason, Is.EqualTo(OpenAI.Chat.ChatFinishReason.Length));
        Assert.That(completion.Usage.OutputTokenCount, Is.EqualTo(12));
        Assert.That(completion.Usage.InputTokenCount, Is.GreaterThan(0));
        Assert.That(completion.Usage.TotalTokenCount, Is.EqualTo(completion.Usage.InputTokenCount + 12));
        Assert.That(completion.Model, Is.EqualTo("benny-story-s"));
        Assert.That(completion.Id, Does.StartWith("chatcmpl-"));
    }

    [Test]
    public async Task CompleteChatStreamingAsync_Sdk_StreamsTheSameGreedyTextAsTheNonStreamingCall()
    {
        ChatClient client = _server.OpenAi().GetChatClient("benny-story-s");
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 12, Temperature = 0 };
        ChatCompletion whole = await client.CompleteChatAsync([new UserChatMessage("The little dog")], options);

        var text = new StringBuilder();
        OpenAI.Chat.ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (StreamingChatCompletionUpdate update in client.CompleteChatStreamingAsync([new UserChatMessage("The little dog")], options))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            finish = update.FinishReason ?? finish;
            usage = update.Usage ?? usage;
        }

        Assert.That(text.ToString(), Is.EqualTo(whole.Content[0].Text));
        Assert.That(finish, Is.EqualTo(OpenAI.Chat.ChatFinishReason.Length));
        Assert.That(usage?.OutputTokenCount, Is.EqualTo(12), "the SDK asks for include_usage and gets the usage chunk");
    }

    [Test]
    public async Task AsIChatClient_StreamingAndNot_AnswerThroughMicrosoftExtensionsAi()
    {
        IChatClient client = _server.OpenAi().GetChatClient("benny-tale-s").AsIChatClient();
        var options = new ChatOptions { MaxOutputTokens = 8, Temperature = 0 };

        ChatResponse response = await client.GetResponseAsync("Lily went to the park", options);
        ChatResponse streamed = await client.GetStreamingResponseAsync("Lily went to the park", options).ToChatResponseAsync();

        Assert.That(response.Text, Is.Not.Empty);
        Assert.That(streamed.Text, Is.EqualTo(response.Text));
        Assert.That(response.FinishReason, Is.EqualTo(Microsoft.Extensions.AI.ChatFinishReason.Length));
        Assert.That(response.Usage?.OutputTokenCount, Is.EqualTo(8));
        Assert.That(response.ModelId, Is.EqualTo("benny-tale-s"), "an alias answers under its own name");
    }

    [Test]
    public async Task CompleteChatAsync_RouterName_IsServedByTheTierRouter()
    {
        ChatCompletion completion = await _server.OpenAi().GetChatClient("benny-router").CompleteChatAsync(
            [new SystemChatMessage("Tell a story."), new UserChatMessage("Tim had a red ball")], new ChatCompletionOptions { MaxOutputTokenCount = 6, Temperature = 0 });

        Assert.That(completion.Content[0].Text, Is.Not.Empty);
        Assert.That(completion.Model, Is.EqualTo("benny-router"));
    }

    [Test]
    public async Task CompleteChatAsync_SixteenConcurrentClients_AllSucceed()
    {
        Task<ChatCompletion>[] calls = Enumerable.Range(0, 16)
            .Select(i => _server.OpenAi().GetChatClient(i % 2 == 0 ? "benny-story-s" : "benny-tale-s")
                .CompleteChatAsync([new UserChatMessage($"Story number {i}:")], new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0.7f }))
            .Select(t => t.ContinueWith(r => r.Result.Value, TaskScheduler.Default))
            .ToArray();

        ChatCompletion[] results = await Task.WhenAll(calls);

        Assert.That(results.Select(r => r.Usage.OutputTokenCount), Is.All.InRange(1, 8));
        Assert.That(results.Select(r => r.Id).Distinct().Count(), Is.EqualTo(16));
    }

    [Test]
    public async Task Post_StreamWithIncludeUsage_SendsEventsUsageChunkAndDone()
    {
        using HttpResponseMessage response = await Post("""
            {"model":"benny-story-s","stream":true,"stream_options":{"include_usage":true},"max_tokens":5,"temperature":0,"seed":7,"stop":["zzzz"],
             "messages":[{"role":"user","content":[{"type":"text","text":"Once upon"},{"type":"text","text":" a time"}]}]}
            """);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        string body = await response.Content.ReadAsStringAsync();
        string[] events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(events, Is.All.StartWith("data: "));
        Assert.That(events[^1], Is.EqualTo("data: [DONE]"));
        using JsonDocument first = JsonDocument.Parse(events[0]["data: ".Length..]);
        Assert.That(first.RootElement.GetProperty("object").GetString(), Is.EqualTo("chat.completion.chunk"));
        Assert.That(first.RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString(), Is.EqualTo("assistant"));
        using JsonDocument finish = JsonDocument.Parse(events[^3]["data: ".Length..]);
        Assert.That(finish.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString(), Is.EqualTo("length"));
        using JsonDocument usage = JsonDocument.Parse(events[^2]["data: ".Length..]);
        Assert.That(usage.RootElement.GetProperty("choices").GetArrayLength(), Is.Zero);
        Assert.That(usage.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), Is.EqualTo(5));
        Assert.That(events.Select(e => e.Contains("\"id\":\"chatcmpl-", StringComparison.Ordinal) ? e[(e.IndexOf("chatcmpl-", StringComparison.Ordinal))..][..41] : null).Where(id => id is not null).Distinct().Count(), Is.EqualTo(1), "one id for every chunk");
    }

    [Test]
    public async Task Post_ClientDisconnectsMidStream_TheModelServesTheNextRequest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"benny-story-s","stream":true,"max_tokens":900,"temperature":0,"messages":[{"role":"user","content":"Once"}]}""", Encoding.UTF8, "application/json"),
        };
        using (HttpResponseMessage streaming = await _server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await streaming.Content.ReadAsStreamAsync());
            Assert.That(await reader.ReadLineAsync(), Does.StartWith("data: "));
        }

        ChatCompletion next = await _server.OpenAi().GetChatClient("benny-story-s").CompleteChatAsync([new UserChatMessage("Once")], new ChatCompletionOptions { MaxOutputTokenCount = 4 });
        Assert.That(next.Usage.OutputTokenCount, Is.InRange(1, 4));
    }

    [Test]
    public async Task GetModels_ListsTheRouterAndEveryRegistryName()
    {
        var models = new List<string>();
        foreach (OpenAI.Models.OpenAIModel model in (await _server.OpenAi().GetOpenAIModelClient().GetModelsAsync()).Value)
        {
            models.Add(model.Id);
        }

        Assert.That(models, Is.EqualTo(new[] { "benny-router", "benny-story-s", "benny-tale-s" }));
    }

    private Task<HttpResponseMessage> Post(string json)
        => _server.Http.PostAsync("/v1/chat/completions", new StringContent(json, Encoding.UTF8, "application/json"));
}
