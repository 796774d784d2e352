using System.Net;
using System.Text;
using System.Text.Json;
using Benny.Runtime.Registry;
using Benny.Server.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Embeddings;

namespace Benny.Server.Tests;

/// <summary><c>POST /v1/embeddings</c> on stories260K through the official OpenAI SDK, its M.E.AI adapter, and raw HTTP.</summary>
public class EmbeddingsTests
{
    private static readonly string[] Texts = ["Once upon a time", "The cat sat on the mat.", "Lily went to the park with her mom and saw a big dog."];

    private LoopbackServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await LoopbackServer.StartAsync(
        models =>
        {
            models.Models["benny-story-s"] = new ModelDefinition { Engine = "gguf", Path = TestModels.Stories260K, ContextSize = 256, Embeddings = true, Settings = { ["EmbeddingContextSize"] = "128" } };
            models.Models["benny-tale-s"] = new ModelDefinition { AliasOf = "benny-story-s" };
            models.Models["benny-chat-s"] = new ModelDefinition { Engine = "gguf", Path = TestModels.Stories260K, ContextSize = 256 };
            models.Models["benny-vectors-s"] = new ModelDefinition { Engine = "gguf", Path = TestModels.Stories260K, ContextSize = 128, Embeddings = true, Chat = false };
            models.Router.Tiers["light"] = "benny-chat-s";
            models.Router.Tiers["heavy"] = "benny-chat-s";
        },
        benny: b => b.AddTierRouter());

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task GenerateEmbeddingsAsync_Sdk_ReturnsTheKeyedGeneratorsVectorsAndUsage()
    {
        EmbeddingClient client = _server.OpenAi().GetEmbeddingClient("benny-story-s");

        OpenAIEmbeddingCollection result = await client.GenerateEmbeddingsAsync(Texts);
        GeneratedEmbeddings<Embedding<float>> expected = await KeyedAsync("benny-story-s", Texts);

        Assert.That(result, Has.Count.EqualTo(Texts.Length));
        for (int i = 0; i < Texts.Length; i++)
        {
            Assert.That(result[i].Index, Is.EqualTo(i));
            Assert.That(result[i].ToFloats().ToArray(), Is.EqualTo(expected[i].Vector.ToArray()), $"input {i} (the SDK asks for base64: the floats travel exactly)");
        }

        Assert.That(result.Model, Is.EqualTo("benny-story-s"));
        Assert.That(result.Usage.InputTokenCount, Is.EqualTo(expected.Usage!.InputTokenCount).And.GreaterThan(0));
        Assert.That(result.Usage.TotalTokenCount, Is.EqualTo(result.Usage.InputTokenCount));
    }

    [Test]
    public async Task GetInfo_SaysWhichModelsServeChatAndEmbeddings()
    {
        using JsonDocument info = JsonDocument.Parse(await _server.Http.GetStringAsync("/info"));
        Dictionary<string, (bool Chat, bool Embeddings)> models = info.RootElement.GetProperty("models").EnumerateArray().ToDictionary(
            m => m.GetProperty("name").GetString()!, m => (m.GetProperty("chat").GetBoolean(), m.GetProperty("embeddings").GetBoolean()));

        Assert.That(models["benny-story-s"], Is.EqualTo((true, true)));
        Assert.That(models["benny-tale-s"], Is.EqualTo((true, true)), "an alias serves what its target serves");
        Assert.That(models["benny-chat-s"], Is.EqualTo((true, false)));
        Assert.That(models["benny-vectors-s"], Is.EqualTo((false, true)));
    }

    [Test]
    public async Task AsIEmbeddingGenerator_Alias_GivesTheTargetsVectors()
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = _server.OpenAi().GetEmbeddingClient("benny-tale-s").AsIEmbeddingGenerator();

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync([Texts[1]]);
        GeneratedEmbeddings<Embedding<float>> expected = await KeyedAsync("benny-story-s", [Texts[1]]);

        Assert.That(result.Single().Vector.ToArray(), Is.EqualTo(expected.Single().Vector.ToArray()));
        Assert.That(result.Usage?.InputTokenCount, Is.EqualTo(expected.Usage!.InputTokenCount));
    }

    [Test]
    public async Task Post_FloatFormatAndOneString_AnswersOpenAisShape()
    {
        using HttpResponseMessage response = await PostAsync("""{"model": "benny-story-s", "input": "Once upon a time", "encoding_format": "float", "user": "ignored"}""");
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        GeneratedEmbeddings<Embedding<float>> expected = await KeyedAsync("benny-story-s", [Texts[0]]);

        JsonElement root = body.RootElement;
        JsonElement item = root.GetProperty("data").EnumerateArray().Single();
        float[] vector = [.. item.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle())];
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(root.GetProperty("object").GetString(), Is.EqualTo("list"));
            Assert.That(root.GetProperty("model").GetString(), Is.EqualTo("benny-story-s"));
            Assert.That(item.GetProperty("object").GetString(), Is.EqualTo("embedding"));
            Assert.That(item.GetProperty("index").GetInt32(), Is.Zero);
            Assert.That(vector, Is.EqualTo(expected.Single().Vector.ToArray()));
            Assert.That(root.GetProperty("usage").GetProperty("prompt_tokens").GetInt64(), Is.EqualTo(expected.Usage!.InputTokenCount));
            Assert.That(root.GetProperty("usage").GetProperty("total_tokens").GetInt64(), Is.EqualTo(expected.Usage!.InputTokenCount));
        });
    }

    [Test]
    public async Task Post_DimensionsOfTheModel_AreAccepted()
    {
        int dimensions = (await KeyedAsync("benny-story-s", [Texts[0]])).Single().Vector.Length;

        using HttpResponseMessage response = await PostAsync($$"""{"model": "benny-story-s", "input": ["a"], "dimensions": {{dimensions}}}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Post_EmbeddingOnlyModel_EmbedsAndRefusesChat()
    {
        using HttpResponseMessage embeddings = await PostAsync("""{"model": "benny-vectors-s", "input": ["Once upon a time", "The end."]}""");
        using HttpResponseMessage chat = await _server.Http.PostAsync(
            "/v1/chat/completions", new StringContent("""{"model": "benny-vectors-s", "messages": [{"role": "user", "content": "Hi"}]}""", Encoding.UTF8, "application/json"));
        JsonElement error = await ErrorAsync(chat);

        Assert.Multiple(() =>
        {
            Assert.That(embeddings.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(chat.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(error.GetProperty("message").GetString(), Does.Contain("serves embeddings only").And.Contain("Benny:Models:benny-vectors-s:Chat is false"));
        });
    }

    [Test]
    public async Task Post_UnknownModel_Is404ModelNotFound()
    {
        using HttpResponseMessage response = await PostAsync("""{"model": "benny-nope-s", "input": "x"}""");
        JsonElement error = await ErrorAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("model_not_found"));
        Assert.That(error.GetProperty("param").GetString(), Is.EqualTo("model"));
    }

    [TestCase("benny-chat-s", "Benny:Models:benny-chat-s:Embeddings to true")]
    [TestCase("benny-router", "tier router")]
    public async Task Post_ModelWithoutEmbeddings_Is400NamingTheSetting(string model, string expected)
    {
        using HttpResponseMessage response = await PostAsync($$"""{"model": "{{model}}", "input": "x"}""");
        JsonElement error = await ErrorAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.GetProperty("param").GetString(), Is.EqualTo("model"));
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("model_not_supported"));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain(expected));
    }

    [TestCase("""{"input": "x"}""", "model")]
    [TestCase("""{"model": "benny-story-s"}""", "input")]
    [TestCase("""{"model": "benny-story-s", "input": 7}""", "input")]
    [TestCase("""{"model": "benny-story-s", "input": []}""", "input")]
    [TestCase("""{"model": "benny-story-s", "input": [[1, 2, 3]]}""", "input[0]")]
    [TestCase("""{"model": "benny-story-s", "input": ["a", 5]}""", "input[1]")]
    [TestCase("""{"model": "benny-story-s", "input": "x", "encoding_format": "int8"}""", "encoding_format")]
    [TestCase("""{"model": "benny-story-s", "input": "x", "dimensions": 0}""", "dimensions")]
    [TestCase("""{"model": "benny-story-s", "input": "x", "dimensions": "many"}""", "dimensions")]
    public async Task Post_WrongTypeOrValue_Is400NamingTheField(string body, string param)
    {
        using HttpResponseMessage response = await PostAsync(body);
        JsonElement error = await ErrorAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.GetProperty("type").GetString(), Is.EqualTo("invalid_request_error"));
        Assert.That(error.GetProperty("param").GetString(), Is.EqualTo(param));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain(param.Split('[')[0]));
    }

    [Test]
    public async Task Post_DimensionsTheModelDoesNotMake_Is400SayingWhichItMakes()
    {
        int dimensions = (await KeyedAsync("benny-story-s", [Texts[0]])).Single().Vector.Length;

        using HttpResponseMessage response = await PostAsync("""{"model": "benny-story-s", "input": "x", "dimensions": 3}""");
        JsonElement error = await ErrorAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain($"{dimensions} dimensions").And.Contain("3 were asked for"));
    }

    [Test]
    public async Task Post_MalformedJson_Is400InvalidJson()
    {
        using HttpResponseMessage response = await PostAsync("""{"model": "benny-story-s", "input": [""");
        JsonElement error = await ErrorAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("invalid_json"));
    }

    private Task<GeneratedEmbeddings<Embedding<float>>> KeyedAsync(string model, string[] inputs)
        => _server.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(model).GenerateAsync(inputs);

    private Task<HttpResponseMessage> PostAsync(string json)
        => _server.Http.PostAsync("/v1/embeddings", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response)
    {
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("error").Clone();
    }
}
