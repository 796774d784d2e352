using Benny.Runtime.Presets;
using Benny.Runtime.Registry;

namespace Benny.Runtime.Tests.Presets;

public class PresetResolverTests
{
    private static readonly PresetResolver BuiltInOnly = new(new Dictionary<string, GenerationPreset>());

    // The design's preset table, row by row.
    [TestCase("benny-route-s", 0.01f, 1f, 1, 1.0f, 128)]
    [TestCase("benny-classify-m", 0.01f, 1f, 1, 1.0f, 128)]
    [TestCase("benny-clean-s", 0.01f, 1f, 1, 1.05f, 512)]
    [TestCase("benny-clean-m", 0.01f, 1f, 1, 1.05f, 512)]
    [TestCase("benny-extract-s", 0.01f, 1f, 1, 1.05f, 1024)]
    [TestCase("benny-extract-m", 0.01f, 1f, 1, 1.05f, 2048)]
    [TestCase("benny-tool-s", 0.1f, 0.9f, 40, 1.05f, 512)]
    [TestCase("benny-tool-m", 0.1f, 0.9f, 40, 1.05f, 512)]
    [TestCase("benny-summarize-s", 0.2f, 0.9f, 40, 1.1f, 512)]
    [TestCase("benny-summarize-m", 0.2f, 0.9f, 40, 1.1f, 1024)]
    [TestCase("benny-rewrite-m", 0.5f, 0.9f, 50, 1.05f, 1024)]
    public void Resolve_BennyName_UsesThePurposePreset(string name, float temperature, float topP, int topK, float repetition, int maxTokens)
    {
        GenerationPreset preset = BuiltInOnly.Resolve(new ModelDefinition { Name = name });

        Assert.That(preset.Temperature, Is.EqualTo(temperature));
        Assert.That(preset.TopP, Is.EqualTo(topP));
        Assert.That(preset.TopK, Is.EqualTo(topK));
        Assert.That(preset.RepetitionPenalty, Is.EqualTo(repetition));
        Assert.That(preset.MaxOutputTokens, Is.EqualTo(maxTokens));
    }

    [Test]
    public void Resolve_NoPurpose_IsEmpty()
    {
        GenerationPreset preset = BuiltInOnly.Resolve(new ModelDefinition { Name = "qwen2.5-7b" });

        Assert.That(preset.SetParameters, Is.EqualTo(GenerationParameters.None));
    }

    [Test]
    public void Resolve_ConfiguredOverride_ChangesOnlyWhatItSets()
    {
        var resolver = new PresetResolver(new Dictionary<string, GenerationPreset> { ["tool"] = new() { Temperature = 0.3f } });

        GenerationPreset preset = resolver.Resolve(new ModelDefinition { Name = "benny-tool-m" });

        Assert.That(preset.Temperature, Is.EqualTo(0.3f));
        Assert.That(preset.TopK, Is.EqualTo(40));
    }

    [Test]
    public void Resolve_ConfiguredPurposeOverride_AppliesToSizedBuiltIns()
    {
        var resolver = new PresetResolver(new Dictionary<string, GenerationPreset>
        {
            ["extract"] = new() { Temperature = 0.2f, MaxOutputTokens = 300 },
            ["extract-m"] = new() { MaxOutputTokens = 4000 },
        });

        GenerationPreset small = resolver.Resolve(new ModelDefinition { Name = "benny-extract-s" });
        GenerationPreset medium = resolver.Resolve(new ModelDefinition { Name = "benny-extract-m" });

        Assert.That((small.Temperature, small.MaxOutputTokens), Is.EqualTo((0.2f, 300)));
        Assert.That((medium.Temperature, medium.MaxOutputTokens), Is.EqualTo((0.2f, 4000)));
    }

    [Test]
    public void Resolve_ModelParameters_WinOverNamedPreset()
    {
        var model = new ModelDefinition
        {
            Name = "benny-tool-m",
            Preset = "rewrite",
            Parameters = new GenerationPreset { MaxOutputTokens = 64, StopSequences = ["</s>"] },
        };

        GenerationPreset preset = BuiltInOnly.Resolve(model);

        Assert.That(preset.Temperature, Is.EqualTo(0.5f), "from the named 'rewrite' preset, not the 'tool' purpose");
        Assert.That(preset.MaxOutputTokens, Is.EqualTo(64));
        Assert.That(preset.StopSequences, Is.EqualTo(new[] { "</s>" }));
    }

    [Test]
    public void Resolve_CustomNamedPreset_IsFound()
    {
        var resolver = new PresetResolver(new Dictionary<string, GenerationPreset> { ["creative"] = new() { Temperature = 0.9f } });

        Assert.That(resolver.Resolve(new ModelDefinition { Name = "x", Preset = "CREATIVE" }).Temperature, Is.EqualTo(0.9f));
        Assert.That(resolver.Names, Does.Contain("creative").And.Contain("route"));
    }

    [Test]
    public void Resolve_UnknownPreset_NamesModelPresetAndKnownOnes()
    {
        var error = Assert.Throws<ModelRegistryException>(() => BuiltInOnly.Resolve(new ModelDefinition { Name = "m", Preset = "fast" }));

        Assert.That(error!.Message, Does.Contain("Benny:Models:m:Preset").And.Contain("'fast'").And.Contain("summarize-s"));
    }

    [Test]
    public void Resolve_ReturnsCopies_ThatDoNotLeakChanges()
    {
        GenerationPreset first = BuiltInOnly.Resolve(new ModelDefinition { Name = "benny-route-s" });
        first.Temperature = 2;

        Assert.That(BuiltInOnly.Resolve(new ModelDefinition { Name = "benny-route-s" }).Temperature, Is.EqualTo(0.01f));
    }
}
