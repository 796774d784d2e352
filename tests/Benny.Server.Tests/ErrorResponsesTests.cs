using System.Net;
using System.Text;
using System.Text.Json;
using Benny.Runtime.Registry;
using Benny.Server.Tests.Support;

namespace Benny.Server.Tests;

/// <summary>Bad requests and unavailable models are answered with OpenAI's error shape and status codes.</summary>
public class ErrorResponsesTests
{
    private LoopbackServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await LoopbackServer.StartAsync(
        models =>
        {
            models.Models["benny-story-s"] = new ModelDefinition { Engine = "gguf", Path = TestModels.Stories260K, ContextSize = 512 };
            models.Models["benny-busy-s"] = new ModelDefinition { Engine = "gguf", Path = TestModels.Stories260K, ContextSize = 4096, Parallel = 1, Settings = { ["QueueLimit"] = "0" } };
            models.Models["benny-broken-s"] = new ModelDefinition { Engine = "gguf", Path = Path.Combine(Path.GetTempPath(), "benny-no-such-model.gguf") };
        },
        server => server.MaxRequestBodySize = 16 * 1024);

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Post_MalformedJson_Is400InvalidJson()
    {
        (HttpStatusCode status, JsonElement error) = await PostAsync("""{"model": "benny-story-s", "messages": [""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.GetProperty("type").GetString(), Is.EqualTo("invalid_request_error"));
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("invalid_json"));
    }

    [TestCase("""{"model":"benny-story-s","temperature":"hot","messages":[{"role":"user","content":"Hi"}]}""", "temperature")]
    [TestCase("""{"model":"benny-story-s","max_tokens":1.5,"messages":[{"role":"user","content":"Hi"}]}""", "max_tokens")]
    [TestCase("""{"model":"benny-story-s","top_p":3,"messages":[{"role":"user","content":"Hi"}]}""", "top_p")]
    [TestCase("""{"model":"benny-story-s","stop":[1],"messages":[{"role":"user","content":"Hi"}]}""", "stop")]
    [TestCase("""{"model":"benny-story-s","messages":[{"role":"user","content":"Hi"},{"role":7}]}""", "messages[1].role")]
    [TestCase("""{"model":"benny-story-s","messages":[{"role":"wizard","content":"Hi"}]}""", "messages[0].role")]
    [TestCase("""{"model":"benny-story-s","messages":"Hi"}""", "messages")]
    [TestCase("""{"messages":[{"role":"user","content":"Hi"}]}""", "model")]
    [TestCase("""{"model":"benny-story-s","tool_choice":"sometimes","messages":[{"role":"user","content":"Hi"}]}""", "tool_choice")]
    [TestCase("""{"model":"benny-story-s","tools":[{"type":"function","function":{"name":"f","parameters":"x"}}],"messages":[{"role":"user","content":"Hi"}]}""", "tools[0].function.parameters")]
    [TestCase("""{"model":"benny-story-s","response_format":{"type":"json_schema"},"messages":[{"role":"user","content":"Hi"}]}""", "response_format.json_schema")]
    [TestCase("""{"model":"benny-story-s","stream_options":{"include_usage":"yes"},"messages":[{"role":"user","content":"Hi"}]}""", "stream_options.include_usage")]
    public async Task Post_WrongTypeOrValue_Is400NamingTheField(string body, string param)
    {
        (HttpStatusCode status, JsonElement error) = await PostAsync(body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.GetProperty("param").GetString(), Is.EqualTo(param));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain(param.Split('.')[^1].Split('[')[0]));
    }

    [Test]
    public async Task Post_UnknownFields_AreIgnored()
    {
        using HttpResponseMessage response = await _server.Http.PostAsync("/v1/chat/completions", Json("""
            {"model":"benny-story-s","max_tokens":3,"user":"u1","logit_bias":{},"metadata":{"a":"b"},"store":false,"service_tier":"auto","future_field":[1,2],
             "messages":[{"role":"user","content":"Hi","name":"bob","extra":true}]}
            """));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Post_OversizedBody_Is413()
    {
        string big = new('a', 20 * 1024);
        (HttpStatusCode status, JsonElement error) = await PostAsync($$"""{"model":"benny-story-s","messages":[{"role":"user","content":"{{big}}"}]}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("request_too_large"));
    }

    [Test]
    public async Task Post_OversizedChunkedBody_Is413()
    {
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 20 * 1024) + "{}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using HttpResponseMessage response = await _server.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task Post_UnknownModel_Is404ModelNotFound()
    {
        (HttpStatusCode status, JsonElement error) = await PostAsync("""{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("model_not_found"));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain("gpt-4o"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Post_ModelThatCannotLoad_Is503(bool stream)
    {
        (HttpStatusCode status, JsonElement error) = await PostAsync($$"""{"model":"benny-broken-s","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("model_unavailable"));
        Assert.That(error.GetProperty("type").GetString(), Is.EqualTo("server_error"));
    }

    [Test]
    public async Task Post_QueueFull_Is429WhileALongRequestHoldsTheOnlySlot()
    {
        using var running = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = Json("""{"model":"benny-busy-s","stream":true,"max_tokens":4000,"temperature":0,"messages":[{"role":"user","content":"Once upon a time"}]}"""),
        };
        using HttpResponseMessage streaming = await _server.Http.SendAsync(running, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(streaming.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the first request holds the only slot (Parallel 1, QueueLimit 0)");

        (HttpStatusCode status, JsonElement error) = await PostAsync("""{"model":"benny-busy-s","max_tokens":2,"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.That(status, Is.EqualTo((HttpStatusCode)429));
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("queue_full"));
        Assert.That(error.GetProperty("type").GetString(), Is.EqualTo("rate_limit_error"));
    }

    [Test]
    public async Task GetInfo_DescribesEveryModel()
    {
        using JsonDocument info = JsonDocument.Parse(await _server.Http.GetStringAsync("/info"));

        JsonElement busy = info.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "benny-busy-s");
        Assert.That(busy.GetProperty("engine").GetString(), Is.EqualTo("gguf"));
        Assert.That(busy.GetProperty("context").GetInt32(), Is.EqualTo(4096));
        Assert.That(busy.GetProperty("state").GetString(), Is.AnyOf("not_loaded", "loading", "ready"));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<(HttpStatusCode Status, JsonElement Error)> PostAsync(string body)
    {
        using HttpResponseMessage response = await _server.Http.PostAsync("/v1/chat/completions", Json(body));
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), text);
        using JsonDocument document = JsonDocument.Parse(text);
        JsonElement error = document.RootElement.GetProperty("error").Clone();
        Assert.That(error.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "message", "type", "param", "code" }));
        return (response.StatusCode, error);
    }
}
