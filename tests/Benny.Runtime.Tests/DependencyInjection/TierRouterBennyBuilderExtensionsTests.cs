using System.Text;
using Benny.Runtime.Presets;
using Benny.Runtime.Routing;
using Benny.Runtime.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace Benny.Runtime.Tests.DependencyInjection;

public sealed class TierRouterBennyBuilderExtensionsTests
{
    private const string TwoModels = """
        "benny-route-s": { "Engine": "fake", "Path": "/models/router/light.gguf" },
        "benny-tool-m": { "Engine": "fake", "Path": "/models/router/heavy.gguf" }
        """;

    private const string TwoTiers = """
        "Tiers": { "light": "benny-route-s", "heavy": "benny-tool-m" }
        """;

    private RecordingEngineProvider _engine = new();

    private ServiceProvider Build(string models, string router, Action<TierRouterOptions>? configure = null)
    {
        string json = $$"""{ "Benny": { "Models": { {{models}} }, "Router": { {{router}} } } }""";
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddBenny(configuration.GetSection("Benny")).AddEngine(_engine).AddTierRouter(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private RecordingModel Model(string name) => _engine.Models.Single(m => m.Definition.Name == name);

    [Test]
    public async Task DefaultChatClient_RoutesAClassificationToLightAndAToolsAndPlanningTaskToHeavy()
    {
        using ServiceProvider provider = Build(TwoModels, TwoTiers);
        IChatClient client = provider.GetRequiredService<IChatClient>();

        ChatResponse light = await client.GetResponseAsync("is this spam?", new ChatOptions().WithTaskProfile(new TaskProfile { Type = "classification" }));
        ChatResponse heavy = await client.GetResponseAsync(
            "book the meeting and email everyone",
            new ChatOptions { Tools = [AIFunctionFactory.Create(() => "ok", "book")] }.WithTaskProfile(new TaskProfile { RequiresPlanning = true, Steps = 3 }));

        Assert.That(light.ModelId, Is.EqualTo("benny-route-s"));
        Assert.That(light.AdditionalProperties![TierRouterChatClient.TierKey], Is.EqualTo("light"));
        Assert.That(light.Text, Is.EqualTo("the answer is 42"));
        Assert.That(heavy.ModelId, Is.EqualTo("benny-tool-m"));
        Assert.That(heavy.AdditionalProperties![TierRouterChatClient.ReasonKey], Is.EqualTo("the task requires tools and the task requires planning and the task takes 3 steps (at least 2) (rule heavy-signals)"));
        Assert.That(Model("benny-route-s").Requests.Single().Messages.Last().Text, Is.EqualTo("is this spam?"));
        Assert.That(Model("benny-tool-m").Requests.Single().Messages.Last().Text, Is.EqualTo("book the meeting and email everyone"));
        Assert.That(Model("benny-route-s").Requests.Single().Options!.Temperature, Is.EqualTo(0.01f), "each tier gets its model's preset pipeline");
    }

    [Test]
    public void AddTierRouter_RegistersOneRouterAsTheDefaultChatClientAndAsItsType()
    {
        using ServiceProvider provider = Build(TwoModels, TwoTiers);

        Assert.That(provider.GetRequiredService<IChatClient>(), Is.SameAs(provider.GetRequiredService<TierRouterChatClient>()));
        Assert.That(provider.GetRequiredService<TierRouterChatClient>().Tiers, Is.EquivalentTo(new[] { "light", "heavy" }));
        Assert.That(provider.GetRequiredKeyedService<IChatClient>("benny-route-s"), Is.Not.InstanceOf<TierRouterChatClient>(), "models stay keyed clients");
    }

    [Test]
    public void AddTierRouter_TierNamesAModelThatIsNotRegistered_FailsValidationNamingTheField()
    {
        using ServiceProvider provider = Build(TwoModels, """ "Tiers": { "light": "benny-nope-s", "heavy": "benny-tool-m" } """);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.That(error!.Message, Does.Contain("Benny:Router:Tiers:light names 'benny-nope-s', which is not a registered model. Define 'benny-nope-s' under Benny:Models or fix the name."));
    }

    [Test]
    public void AddTierRouter_InvalidRouterSettings_ReportsEveryField()
    {
        using ServiceProvider provider = Build(TwoModels, TwoTiers + """
            , "Policy": "Magic", "DefaultTier": "huge", "MaxRetries": -1, "AllowedFails": -2, "CooldownTime": "-00:00:05",
            "TierTimeout": "00:00:00", "TierTimeouts": { "huge": "00:00:05", "light": "-00:00:01" },
            "Fallbacks": { "light": [ "heavy", "remote" ], "tiny": [ "heavy" ] },
            "Rules": [ { "Name": "x", "Tier": "medium" }, { "Name": "y" } ]
            """);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<TierRouterChatClient>());

        Assert.That(error!.Failures, Is.SupersetOf(new[]
        {
            "Benny:Router:Policy is 'Magic'; it must be 'Rules' or 'Classifier'.",
            "Benny:Router:DefaultTier names 'huge', which is not a configured tier (tiers: heavy, light).",
            "Benny:Router:Rules:0:Tier names 'medium', which is not a configured tier (tiers: heavy, light).",
            "Benny:Router:Rules:1:Tier is missing; every rule names the tier it routes to.",
            "Benny:Router:Fallbacks:light:1 names 'remote', which is not a configured tier (tiers: heavy, light).",
            "Benny:Router:Fallbacks:tiny lists fallbacks of 'tiny', which is not a configured tier (tiers: heavy, light).",
            "Benny:Router:MaxRetries is -1; it must be 0 or more.",
            "Benny:Router:AllowedFails is -2; it must be 0 or more.",
            "Benny:Router:TierTimeout is 00:00:00; it must be positive, or left out for no limit.",
            "Benny:Router:TierTimeouts:huge sets the time budget of 'huge', which is not a configured tier (tiers: heavy, light).",
            "Benny:Router:TierTimeouts:light is -00:00:01; it must be positive.",
        }));
        Assert.That(error.Failures.Any(f => f.StartsWith("Benny:Router:CooldownTime", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void AddTierRouter_TierTimeouts_AreBoundFromConfiguration()
    {
        using ServiceProvider provider = Build(TwoModels, TwoTiers + """ , "TierTimeout": "00:00:30", "TierTimeouts": { "heavy": "00:02:00" } """);

        TierRouterOptions options = provider.GetRequiredService<IOptions<BennyOptions>>().Value.Router;

        Assert.That(options.TierTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.TierTimeouts["HEAVY"], Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(provider.GetRequiredService<TierRouterChatClient>().Tiers, Has.Count.EqualTo(2));
    }

    [Test]
    public void AddTierRouter_DefaultRulesWithoutALightTier_FailsValidation()
    {
        using ServiceProvider provider = Build(TwoModels, """ "Tiers": { "heavy": "benny-tool-m" } """);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.That(error!.Message, Does.Contain("Benny:Router:Rules is empty, so the default rules apply, and they route to 'light'"));
    }

    [Test]
    public void AddTierRouter_NoTiers_ThrowsWhenResolved()
    {
        using ServiceProvider provider = Build(TwoModels, "");

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.That(error!.Message, Does.Contain("Benny:Router:Tiers"));
    }

    [Test]
    public async Task AddTierRouter_TierClientsInCode_ServeAsTiersWithFallbacks()
    {
        var remote = new Mock<IChatClient>();
        remote.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("connection refused"));
        using ServiceProvider provider = Build(TwoModels, """ "Tiers": { "light": "benny-route-s" } """, options =>
        {
            options.TierClients["heavy"] = remote.Object;
            options.Fallbacks["heavy"] = ["light"];
        });

        ChatResponse response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("a long essay please", new ChatOptions { MaxOutputTokens = 2000 });

        Assert.That(response.AdditionalProperties![TierRouterChatClient.TierKey], Is.EqualTo("light"));
        Assert.That(response.AdditionalProperties[TierRouterChatClient.FallbackFromKey], Is.EqualTo("heavy"));
        remote.Verify(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [TestCase("gguf", true)]
    [TestCase("openvino", false)]
    public async Task AddTierRouter_ClassifierPolicy_AsksTheClassifierTierWithAGrammarOnlyOnGguf(string engine, bool grammar)
    {
        _engine = new RecordingEngineProvider(engine) { Answer = "light" };
        using ServiceProvider provider = Build(
            TwoModels.Replace("\"fake\"", $"\"{engine}\"", StringComparison.Ordinal),
            TwoTiers + """, "Policy": "Classifier", "Classifier": { "CacheDecisions": true } """);
        IChatClient client = provider.GetRequiredService<IChatClient>();

        ChatResponse response = await client.GetResponseAsync("what time is it?");

        Assert.That(response.AdditionalProperties![TierRouterChatClient.TierKey], Is.EqualTo("light"));
        Assert.That(response.AdditionalProperties[TierRouterChatClient.ReasonKey], Is.EqualTo("the classifier answered 'light'"));
        (IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)[] requests = [.. Model("benny-route-s").Requests];
        Assert.That(requests, Has.Length.EqualTo(2), "the classification, then the request itself");
        Assert.That(requests[0].Options!.AdditionalProperties?.ContainsKey(ConstrainedOutput.GbnfGrammarKey) ?? false, Is.EqualTo(grammar));
        Assert.That(requests[0].Options!.Temperature, Is.EqualTo(0f));
        Assert.That(requests[1].Messages.Last().Text, Is.EqualTo("what time is it?"));
    }
}
