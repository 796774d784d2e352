using Benny.Runtime.Registry;

namespace Benny.Runtime.Tests.Registry;

public class ModelRegistryTests
{
    private static ModelDefinition Model(string name, string path = "/models/a.gguf") => new() { Name = name, Engine = "gguf", Path = path };

    private static ModelDefinition Alias(string name, string target) => new() { Name = name, AliasOf = target };

    [Test]
    public void Resolve_Alias_ReturnsTargetAndKeepsRequestedEntry()
    {
        ModelRegistry registry = ModelRegistry.Create([Model("benny-route-m"), Alias("benny-tool-s", "benny-route-m")]);

        ResolvedModel resolved = registry.Resolve("BENNY-TOOL-S");

        Assert.That(resolved.Requested.Name, Is.EqualTo("benny-tool-s"));
        Assert.That(resolved.Target.Name, Is.EqualTo("benny-route-m"));
        Assert.That(resolved.IsAlias, Is.True);
    }

    [Test]
    public void Resolve_AliasChain_FollowsToTheLoadedModel()
    {
        ModelRegistry registry = ModelRegistry.Create([Alias("a", "b"), Alias("b", "c"), Model("c")]);

        Assert.That(registry.Resolve("a").Target.Name, Is.EqualTo("c"));
        Assert.That(registry.Resolve("c").IsAlias, Is.False);
    }

    [Test]
    public void Create_UnknownAliasTarget_NamesModelAndField()
    {
        var error = Assert.Throws<ModelRegistryException>(() => ModelRegistry.Create([Alias("benny-tool-s", "benny-nope-m")]));

        Assert.That(error!.Message, Does.Contain("Benny:Models:benny-tool-s:AliasOf").And.Contain("benny-nope-m"));
    }

    [Test]
    public void Create_AliasCycle_NamesTheCycle()
    {
        var error = Assert.Throws<ModelRegistryException>(() => ModelRegistry.Create([Alias("a", "b"), Alias("b", "c"), Alias("c", "a"), Model("d")]));

        Assert.That(error!.Message, Does.Contain("cycle").And.Contain("a -> b -> c -> a"));
    }

    [Test]
    public void Create_SelfAlias_IsACycle()
    {
        var error = Assert.Throws<ModelRegistryException>(() => ModelRegistry.Create([Alias("a", "a")]));

        Assert.That(error!.Message, Does.Contain("a -> a"));
    }

    [Test]
    public void Create_SeveralProblems_ReportsAllOfThem()
    {
        var error = Assert.Throws<ModelRegistryException>(() => ModelRegistry.Create(
        [
            new ModelDefinition { Name = "no-engine", Path = "/m.gguf" },
            new ModelDefinition { Name = "no-path", Engine = "gguf" },
            new ModelDefinition { Name = "both", AliasOf = "no-path", Engine = "gguf" },
            new ModelDefinition { Name = "bad-numbers", Engine = "gguf", Path = "/m.gguf", ContextSize = 0, Parallel = -1, GpuLayers = -2 },
        ]));

        Assert.That(error!.Errors, Has.Count.EqualTo(6));
        Assert.That(error.Message, Does.Contain("Benny:Models:no-engine:Engine is missing")
            .And.Contain("Benny:Models:no-path:Path is missing")
            .And.Contain("Benny:Models:both sets AliasOf together with Engine")
            .And.Contain("ContextSize is 0")
            .And.Contain("Parallel is -1")
            .And.Contain("GpuLayers is -2"));
    }

    [Test]
    public void Create_DuplicateNamesDifferingInCase_IsAnError()
    {
        var error = Assert.Throws<ModelRegistryException>(() => ModelRegistry.Create([Model("Benny-Route-S"), Model("benny-route-s")]));

        Assert.That(error!.Message, Does.Contain("defined twice"));
    }

    [Test]
    public void Create_UnregisteredEngine_NamesEngineAndRegisteredOnes()
    {
        var error = Assert.Throws<ModelRegistryException>(() => ModelRegistry.Create(
            [new ModelDefinition { Name = "m", Engine = "onnx", Path = "/m" }], knownEngines: ["gguf", "openvino"]));

        Assert.That(error!.Message, Does.Contain("'onnx'").And.Contain("registered: gguf, openvino"));
    }

    [Test]
    public void Resolve_UnknownName_ListsRegisteredNames()
    {
        ModelRegistry registry = ModelRegistry.Create([Model("benny-route-s"), Model("benny-tool-m")]);

        var error = Assert.Throws<UnknownModelException>(() => registry.Resolve("benny-clean-s"));

        Assert.That(error!.ModelName, Is.EqualTo("benny-clean-s"));
        Assert.That(error.Message, Does.Contain("benny-route-s, benny-tool-m"));
    }

    [Test]
    public void LoadKey_SameArtifactAndSettings_IsEqualAndDiffersOtherwise()
    {
        ModelDefinition a = Model("a", "/models/x/../m.gguf");
        ModelDefinition b = Model("b", "/models/m.gguf");
        ModelDefinition c = Model("c", "/models/m.gguf") with { ContextSize = 4096 };
        ModelDefinition d = Model("d", "/models/m.gguf");
        d.Settings["flash_attention"] = "true";

        Assert.That(ModelLoadKey.For(a), Is.EqualTo(ModelLoadKey.For(b)));
        Assert.That(ModelLoadKey.For(c), Is.Not.EqualTo(ModelLoadKey.For(b)));
        Assert.That(ModelLoadKey.For(d), Is.Not.EqualTo(ModelLoadKey.For(b)));
    }

    [Test]
    public void Create_ChatOffWithoutEmbeddings_ReportsAnEntryThatServesNothing()
    {
        var error = Assert.Throws<ModelRegistryException>(() => ModelRegistry.Create([Model("embed") with { Chat = false }]));

        Assert.That(error!.Message, Does.Contain("Benny:Models:embed sets Chat to false without Embeddings"));
    }

    [Test]
    public void Create_EmbeddingOnlyEntryAndAlias_AreValid()
    {
        ModelRegistry registry = ModelRegistry.Create([Model("embed") with { Chat = false, Embeddings = true }, Alias("embed-alias", "embed")]);

        Assert.That(registry.Resolve("embed-alias").Target.Embeddings, Is.True);
    }

    [Test]
    public void Create_AliasAsksForEmbeddingsItsTargetLacks_NamesTheTargetsSetting()
    {
        var error = Assert.Throws<ModelRegistryException>(() => ModelRegistry.Create([Model("chat"), Alias("embed", "chat") with { Embeddings = true }]));

        Assert.That(error!.Message, Does.Contain("Benny:Models:embed:Embeddings is true").And.Contain("Benny:Models:chat:Embeddings to true"));
    }

    [Test]
    public void Create_AliasSwitchesChatOffOnItsOwn_IsAnError()
    {
        var error = Assert.Throws<ModelRegistryException>(() => ModelRegistry.Create([Model("chat") with { Embeddings = true }, Alias("embed", "chat") with { Chat = false }]));

        Assert.That(error!.Message, Does.Contain("Benny:Models:embed:Chat is false").And.Contain("set them on 'chat'"));
    }

    [Test]
    public void LoadKey_WhatTheInstanceServes_IsPartOfTheIdentity()
    {
        ModelDefinition chat = Model("chat", "/models/m.gguf");
        ModelDefinition both = Model("both", "/models/m.gguf") with { Embeddings = true };
        ModelDefinition embeddingsOnly = Model("embed", "/models/m.gguf") with { Embeddings = true, Chat = false };

        Assert.That(new[] { ModelLoadKey.For(chat), ModelLoadKey.For(both), ModelLoadKey.For(embeddingsOnly) }, Is.Unique);
        Assert.That(ModelLoadKey.For(Model("chat2", "/models/m.gguf")), Is.EqualTo(ModelLoadKey.For(chat)), "the defaults leave the key as it was");
    }
}
