using Benny.Runtime.Registry;

namespace Benny.Runtime.Tests.Registry;

public class BennyNameTests
{
    [TestCase("benny-route-s", "route", ModelSize.Small)]
    [TestCase("benny-tool-m", "tool", ModelSize.Medium)]
    [TestCase("Benny-Clean-M", "clean", ModelSize.Medium)]
    [TestCase("benny-summarize-long-s", "summarize-long", ModelSize.Small)]
    public void TryParse_BennyName_YieldsPurposeAndSize(string name, string purpose, ModelSize size)
    {
        Assert.That(BennyName.TryParse(name, out BennyName parsed), Is.True);
        Assert.That(parsed.Purpose, Is.EqualTo(purpose));
        Assert.That(parsed.Size, Is.EqualTo(size));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("qwen2.5:7b")]
    [TestCase("benny-route")]
    [TestCase("benny--s")]
    [TestCase("benny-route-l")]
    [TestCase("benny-route-sm")]
    [TestCase("benny-ro ute-s")]
    public void TryParse_OtherName_ReturnsFalse(string? name)
    {
        Assert.That(BennyName.TryParse(name, out _), Is.False);
    }

    [Test]
    public void ToString_RoundTripsTheCanonicalForm()
    {
        Assert.That(new BennyName("extract", ModelSize.Medium).ToString(), Is.EqualTo("benny-extract-m"));
    }

    [Test]
    public void ModelDefinition_ExplicitPurposeAndSize_WinOverTheName()
    {
        var definition = new ModelDefinition { Name = "benny-route-s", Purpose = "Tool", Size = ModelSize.Medium };
        Assert.That(definition.GetEffectivePurpose(), Is.EqualTo("tool"));
        Assert.That(definition.GetEffectiveSize(), Is.EqualTo(ModelSize.Medium));
        Assert.That(new ModelDefinition { Name = "my-model" }.GetEffectivePurpose(), Is.Null);
    }
}
