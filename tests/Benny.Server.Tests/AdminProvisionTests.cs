using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Benny.Runtime.Provisioning;
using Benny.Runtime.Registry;
using Benny.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;

namespace Benny.Server.Tests;

/// <summary>
/// <c>POST /api/v1/models/provision</c>: the body maps onto <see cref="IModelProvisioner.EnsureAsync"/> and the report
/// comes back as <c>benny provision --json</c> prints it. The provisioner is a mock here; downloads are tested in
/// Benny.Runtime.Tests against a loopback Hugging Face server.
/// </summary>
public class AdminProvisionTests
{
    private const string Token = "s3cret-token";
    private readonly List<(string[] Names, bool Force)> _calls = [];
    private LoopbackServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        var provisioner = new Mock<IModelProvisioner>();
        provisioner.Setup(p => p.EnsureAsync(It.IsAny<IEnumerable<string>>(), It.IsAny<bool>(), It.IsAny<IProgress<ProvisioningProgress>?>(), It.IsAny<CancellationToken>()))
            .Returns((IEnumerable<string> names, bool force, IProgress<ProvisioningProgress>? _, CancellationToken _) =>
            {
                string[] list = [.. names];
                lock (_calls)
                {
                    _calls.Add((list, force));
                }

                return Task.FromResult(new ProvisioningReport([.. list.Select(n => n == "broken"
                    ? new ProvisioningEntry { Model = n, Action = ProvisioningAction.Failed, Error = "404 from the endpoint" }
                    : new ProvisioningEntry { Model = n, Action = force ? ProvisioningAction.Verified : ProvisioningAction.Present, Bytes = 42, Path = "/cache/" + n })]));
            });
        provisioner.Setup(p => p.FindArtifact(It.IsAny<ModelDefinition>()))
            .Returns((ModelDefinition d) => d.Name == "benny-route-s" ? new ModelArtifact("benny-route-s", ModelSource.Parse("hf://Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q8_0.gguf"), "/cache/route.gguf", ["qwen2.5-0.5b-instruct-q8_0.gguf"], null, false) : null);

        _server = await LoopbackServer.StartAsync(
            models =>
            {
                models.Models["benny-route-s"] = new ModelDefinition { Engine = "gguf", Path = TestModels.Stories260K };
                models.Models["general"] = new ModelDefinition { AliasOf = "benny-route-s" };
                models.Models["benny-story-s"] = new ModelDefinition { Engine = "gguf", Path = TestModels.Stories260K };
            },
            server => server.AdminToken = Token,
            benny => benny.Services.Replace(ServiceDescriptor.Singleton(provisioner.Object)));
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [SetUp]
    public void Reset()
    {
        lock (_calls)
        {
            _calls.Clear();
        }
    }

    [Test]
    public async Task Post_RolesAndForce_CallsEnsureAndAnswersTheReport()
    {
        using HttpResponseMessage response = await PostAsync("""{"roles": ["general"], "models": ["benny-story-s"], "force": true}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_calls, Has.Count.EqualTo(1));
        Assert.That(_calls[0].Names, Is.EqualTo(new[] { "general", "benny-story-s" }));
        Assert.That(_calls[0].Force, Is.True);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement first = body.RootElement.GetProperty("models")[0];
        Assert.That(first.GetProperty("model").GetString(), Is.EqualTo("general"));
        Assert.That(first.GetProperty("action").GetString(), Is.EqualTo("verified"));
        Assert.That(first.GetProperty("bytes").GetInt64(), Is.EqualTo(42));
    }

    [Test]
    public async Task Post_EmptyBody_ProvisionsEveryModelWithADownloadableSourceOnce()
    {
        using HttpResponseMessage response = await PostAsync("");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_calls.Single().Names, Is.EqualTo(new[] { "benny-route-s" }), "the alias 'general' shares the model; benny-story-s has no source");
        Assert.That(_calls.Single().Force, Is.False);
    }

    [Test]
    public async Task Post_AFailedEntry_Is207WithTheReason()
    {
        using HttpResponseMessage response = await PostAsync("""{"models": ["broken", "general"]}""");

        Assert.That((int)response.StatusCode, Is.EqualTo(207));
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("models")[0].GetProperty("error").GetString(), Does.Contain("404"));
    }

    [TestCase("""{"roles": "general"}""", "roles")]
    [TestCase("""{"roles": [1]}""", "roles")]
    [TestCase("""{"models": [""]}""", "models")]
    [TestCase("""{"force": "yes"}""", "force")]
    [TestCase("""[]""", null)]
    [TestCase("""{"roles": [""", null)]
    public async Task Post_BadBody_Is400NamingTheField(string json, string? field)
    {
        using HttpResponseMessage response = await PostAsync(json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using JsonDocument error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement param = error.RootElement.GetProperty("error").GetProperty("param");
        Assert.That(param.ValueKind == JsonValueKind.Null ? null : param.GetString(), Is.EqualTo(field));
        Assert.That(_calls, Is.Empty);
    }

    [Test]
    public async Task Post_WithoutToken_Is401AndProvisionsNothing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/models/provision") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        using HttpResponseMessage response = await _server.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(_calls, Is.Empty);
    }

    private async Task<HttpResponseMessage> PostAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/models/provision") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return await _server.Http.SendAsync(request);
    }
}
