using Benny.Runtime.Validation;

namespace Benny.Runtime.Tests.Validation;

public class GenerationParameterRangesTests
{
    [TestCase(0.0, true)]
    [TestCase(2.0, true)]
    [TestCase(2.01, false)]
    [TestCase(-0.1, false)]
    [TestCase(double.NaN, false)]
    [TestCase(double.PositiveInfinity, false)]
    public void Temperature_Contains_ZeroToTwo(double value, bool expected)
        => Assert.That(GenerationParameterRanges.Temperature.Contains(value), Is.EqualTo(expected));

    [Test]
    public void TopP_Contains_ExcludesZero()
    {
        Assert.That(GenerationParameterRanges.TopP.Contains(0), Is.False);
        Assert.That(GenerationParameterRanges.TopP.Contains(1), Is.True);
    }

    [Test]
    public void GetError_OutOfRange_NamesFieldValueAndRange()
    {
        Assert.That(GenerationParameterRanges.Temperature.GetError("Benny:Presets:tool:Temperature", 9),
            Is.EqualTo("Benny:Presets:tool:Temperature is 9; it must be in [0, 2] (0 = greedy)."));
        Assert.That(GenerationParameterRanges.MaxOutputTokens.GetError("ChatOptions.MaxOutputTokens", 0),
            Is.EqualTo("ChatOptions.MaxOutputTokens is 0; it must be 1 or more."));
        Assert.That(GenerationParameterRanges.RepetitionPenalty.GetError("x", 0), Is.EqualTo("x is 0; it must be more than 0 (1 = off)."));
    }

    [Test]
    public void GetError_UnsetOrInRange_IsNull()
    {
        Assert.That(GenerationParameterRanges.TopK.GetError("x", null), Is.Null);
        Assert.That(GenerationParameterRanges.FrequencyPenalty.GetError("x", -2), Is.Null);
    }

    [Test]
    public void ThrowIfOutOfRange_OutOfRange_ThrowsArgumentOutOfRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GenerationParameterRanges.PresencePenalty.ThrowIfOutOfRange(3, "ChatOptions.PresencePenalty", "options"));

        Assert.That(e!.ParamName, Is.EqualTo("options"));
        Assert.That(e.Message, Does.StartWith("ChatOptions.PresencePenalty is 3; it must be in [-2, 2] (0 = off)."));
    }

    [Test]
    public void All_ListsEveryRangeOnce()
        => Assert.That(GenerationParameterRanges.All.Select(r => r.Name), Is.EquivalentTo(new[]
        {
            "Temperature", "TopP", "TopK", "MinP", "RepetitionPenalty", "FrequencyPenalty", "PresencePenalty", "MaxOutputTokens",
        }));
}
