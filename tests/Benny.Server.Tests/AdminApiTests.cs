using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Benny.Runtime.Registry;
using Benny.Server.Tests.Support;

namespace Benny.Server.Tests;

/// <summary>The admin API: bearer token compared in constant time; 401 without it, 403 while no token is configured.</summary>
public class AdminApiTests
{
    private LoopbackServer _guarded = null!;
    private LoopbackServer _disabled = null!;

    [OneTimeSetUp]
    public async Task StartServers()
    {
        static void Models(Benny.Runtime.BennyOptions models)
        {
            models.Models["benny-story-s"] = new ModelDefinition { Engine = "gguf", Path = TestModels.Stories260K, ContextSize = 512, Parameters = new() { Temperature = 0.3f } };
            models.Models["benny-tool-s"] = new ModelDefinition { AliasOf = "benny-story-s" };
        }

        _guarded = await LoopbackServer.StartAsync(Models, server => server.AdminToken = "s3cret-token");
        _disabled = await LoopbackServer.StartAsync(Models);
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        await _guarded.DisposeAsync();
        await _disabled.DisposeAsync();
    }

    [TestCase(null)]
    [TestCase("wrong")]
    [TestCase("s3cret-toke")]
    [TestCase("s3cret-token-and-more")]
    public async Task GetModels_MissingOrWrongToken_Is401(string? token)
    {
        using HttpResponseMessage response = await GetAsync(_guarded, token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        using JsonDocument error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(error.RootElement.GetProperty("error").GetProperty("type").GetString(), Is.EqualTo("authentication_error"));
    }

    [Test]
    public async Task GetModels_TokenUnset_Is403ForEveryone()
    {
        using HttpResponseMessage response = await GetAsync(_disabled, "anything");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using JsonDocument error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(error.RootElement.GetProperty("error").GetProperty("message").GetString(), Does.Contain("Benny:Server:AdminToken"));
    }

    [Test]
    public async Task GetModels_RightToken_ListsTheProfileAndModelsWithResolvedSettings()
    {
        using HttpResponseMessage response = await GetAsync(_guarded, "s3cret-token");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("profile").GetString(), Is.Not.Empty);
        JsonElement[] models = [.. body.RootElement.GetProperty("models").EnumerateArray()];
        Assert.That(models.Select(m => m.GetProperty("name").GetString()), Is.EqualTo(new[] { "benny-story-s", "benny-tool-s" }));
        Assert.That(models[0].GetProperty("parameters").GetProperty("temperature").GetDouble(), Is.EqualTo(0.3).Within(1e-6), "the model's own parameters");
        Assert.That(models[1].GetProperty("alias_of").GetString(), Is.EqualTo("benny-story-s"));
        Assert.That(models[1].GetProperty("purpose").GetString(), Is.EqualTo("tool"));
        Assert.That(models[1].GetProperty("parameters").GetProperty("top_k").GetInt32(), Is.EqualTo(40), "the tool purpose preset");
    }

    private static async Task<HttpResponseMessage> GetAsync(LoopbackServer server, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await server.Http.SendAsync(request);
    }
}
