using Benny.Engines.Gguf.Format;
using Benny.Engines.Gguf.Tests.Support;
using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Benny.Runtime.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Benny.Engines.Gguf.Tests;

/// <summary>The tier router between two real GGUF models: stories260K (light) and a synthetic ChatML model (heavy).</summary>
public class TierRoutingEndToEndTests
{
    private string _folder = "";
    private ServiceProvider _provider = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("benny-routing-").FullName;
        string heavy = new SyntheticModelBuilder(new SyntheticModelOptions { EmbeddingLength = 128, BlockCount = 2, FeedForwardLength = 256 })
            .Build(Path.Combine(_folder, "heavy.gguf"));
        var services = new ServiceCollection();
        services.AddBenny(o =>
        {
            o.Models["benny-route-s"] = new ModelDefinition { Engine = "gguf", Path = TestPaths.Stories260K, ContextSize = 256, Backend = "Cpu" };
            o.Models["benny-tool-m"] = new ModelDefinition { Engine = "gguf", Path = heavy, ContextSize = 256, Backend = "Cpu" };
            o.Router.Tiers["light"] = "benny-route-s";
            o.Router.Tiers["heavy"] = "benny-tool-m";
        }).AddGgufEngine(o => o.Threads = 1).AddTierRouter();
        _provider = services.BuildServiceProvider();
        _provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _provider.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Router_ClassificationGoesLight_PlanningGoesHeavy_OnRealModels()
    {
        IChatClient router = _provider.GetRequiredService<IChatClient>();

        ChatResponse light = await router.GetResponseAsync("Once upon a time", new ChatOptions { MaxOutputTokens = 12 }.WithTaskProfile(new TaskProfile { Type = "classification" }));
        var heavyUpdates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in router.GetStreamingResponseAsync("Plan the migration.", new ChatOptions { MaxOutputTokens = 8 }.WithTaskProfile(new TaskProfile { RequiresPlanning = true, Steps = 3, EstimatedOutputTokens = 400 })))
        {
            heavyUpdates.Add(update);
        }

        Assert.That(light.AdditionalProperties?[TierRouterChatClient.TierKey], Is.EqualTo("light"));
        Assert.That(light.ModelId, Is.EqualTo("benny-route-s"));
        Assert.That(light.Text, Does.StartWith(", there was a little girl"), "stories260K answered, near-greedy under the route preset");
        Assert.That(heavyUpdates, Is.Not.Empty);
        Assert.That(heavyUpdates.Select(u => u.AdditionalProperties?[TierRouterChatClient.TierKey]), Has.All.EqualTo("heavy"));
        Assert.That(heavyUpdates.Select(u => u.ModelId), Has.All.EqualTo("benny-tool-m"));
        Assert.That(heavyUpdates[^1].Contents.OfType<UsageContent>().Single().Details.OutputTokenCount, Is.EqualTo(8));
        Assert.That(_provider.GetRequiredService<ModelHost>().GetLoadedModels().Select(m => m.ModelNames.Single()), Is.EquivalentTo(new[] { "benny-route-s", "benny-tool-m" }));
    }

    [Test]
    public async Task Router_GrammarOnTheCallersOptions_ConstrainsBothTiersThroughPromptAndPresetLayers()
    {
        // router -> prompt template -> preset -> engine: each layer copies the options; the grammar must survive all of them.
        string prompts = Directory.CreateDirectory(Path.Combine(_folder, "prompts")).FullName;
        File.WriteAllText(Path.Combine(prompts, "benny-route-s.prompt"), "System: Answer with one word.\n");
        File.WriteAllText(Path.Combine(prompts, "benny-tool-m.prompt"), "System: Answer with a plan.\n");
        var services = new ServiceCollection();
        services.AddBenny(o =>
        {
            o.Models["benny-route-s"] = new ModelDefinition { Engine = "gguf", Path = TestPaths.Stories260K, ContextSize = 256, Backend = "Cpu" };
            o.Models["benny-tool-m"] = new ModelDefinition { Engine = "gguf", Path = Path.Combine(_folder, "heavy.gguf"), ContextSize = 256, Backend = "Cpu" };
            o.Router.Tiers["light"] = "benny-route-s";
            o.Router.Tiers["heavy"] = "benny-tool-m";
            o.Prompts.Directory = prompts;
        }).AddGgufEngine(o => o.Threads = 1).AddTierRouter();
        await using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient router = provider.GetRequiredService<IChatClient>();
        const string Grammar = """root ::= "{\"label\": \"" ("positive" | "negative" | "neutral") "\"}" """;
        const string Decision = """^\{"label": "(positive|negative|neutral)"\}$""";

        var answers = new Dictionary<string, string>();
        foreach (TaskProfile profile in new[] { new TaskProfile { Type = "classification" }, new TaskProfile { RequiresPlanning = true, Steps = 3, EstimatedOutputTokens = 400 } })
        {
            ChatOptions options = new ChatOptions { MaxOutputTokens = 48 }.WithGrammar(Grammar).WithTaskProfile(profile);
            var text = new System.Text.StringBuilder();
            string? tier = null;
            await foreach (ChatResponseUpdate update in router.GetStreamingResponseAsync("Once upon a time", options))
            {
                tier ??= (string?)update.AdditionalProperties?[TierRouterChatClient.TierKey];
                text.Append(update.Text);
            }

            answers[tier!] = text.ToString();
        }

        Assert.That(answers.Keys, Is.EquivalentTo(new[] { "light", "heavy" }));
        Assert.That(answers["light"], Does.Match(Decision), "stories260K would tell a story without the grammar");
        Assert.That(answers["heavy"], Does.Match(Decision), "the synthetic model would emit random bytes without the grammar");
    }

    [Test]
    public async Task ClassifierPolicy_OnARealGgufLightTier_AnswersATierLabelThroughTheGrammar()
    {
        var services = new ServiceCollection();
        services.AddBenny(o =>
        {
            o.Models["benny-route-s"] = new ModelDefinition { Engine = "gguf", Path = TestPaths.Stories260K, ContextSize = 512, Backend = "Cpu" };
            o.Models["benny-tool-m"] = new ModelDefinition { AliasOf = "benny-route-s" };
            o.Router.Tiers["light"] = "benny-route-s";
            o.Router.Tiers["heavy"] = "benny-tool-m";
            o.Router.Policy = "Classifier";
        }).AddGgufEngine(o => o.Threads = 1).AddTierRouter();
        await using ServiceProvider provider = services.BuildServiceProvider();

        ChatResponse response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Once upon a time", new ChatOptions { MaxOutputTokens = 4 });

        string reason = (string)response.AdditionalProperties![TierRouterChatClient.ReasonKey]!;
        string tier = (string)response.AdditionalProperties[TierRouterChatClient.TierKey]!;
        Assert.That(reason, Does.StartWith("the classifier answered '"), "the stories model could only answer a label: the GBNF grammar constrained it");
        Assert.That(reason, Is.EqualTo($"the classifier answered '{tier}'"));
        Assert.That(tier, Is.AnyOf("light", "heavy"));
    }

    [Test]
    public async Task ClassifierPolicy_JsonSchemaDecisionOnASyntheticGgufLightTier_ParsesTheDecisionAndItsReason()
    {
        // A random-weight model with the qwen2 vocabulary and ChatML: without the schema it would answer noise.
        string light = TinyQwen2Model.Build(Path.Combine(_folder, "light-qwen2.gguf"));
        var services = new ServiceCollection();
        services.AddBenny(o =>
        {
            o.Models["benny-route-s"] = new ModelDefinition { Engine = "gguf", Path = light, ContextSize = 512, Backend = "Cpu" };
            o.Models["benny-tool-m"] = new ModelDefinition { AliasOf = "benny-route-s" };
            o.Router.Tiers["light"] = "benny-route-s";
            o.Router.Tiers["heavy"] = "benny-tool-m";
            o.Router.Policy = "Classifier";
            o.Router.Classifier.DecisionFormat = ClassifierDecisionFormat.JsonSchema;
            o.Router.Classifier.Timeout = Timeout.InfiniteTimeSpan;
        }).AddGgufEngine(o => o.Threads = 1).AddTierRouter();
        await using ServiceProvider provider = services.BuildServiceProvider();

        ChatResponse response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Is this an invoice?", new ChatOptions { MaxOutputTokens = 2 });

        string reason = (string)response.AdditionalProperties![TierRouterChatClient.ReasonKey]!;
        string tier = (string)response.AdditionalProperties[TierRouterChatClient.TierKey]!;
        Assert.That(tier, Is.AnyOf("light", "heavy"));
        Assert.That(reason, Does.StartWith($"the classifier answered '{tier}'").And.Not.Contain("not a JSON route decision"), "the schema-constrained answer parsed as a decision, no fallback");
    }
}
