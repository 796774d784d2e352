using Benny.Runtime.Presets;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Tests.Presets;

public class GenerationPresetTests
{
    [Test]
    public void FillUnset_CallerValues_AreNeverOverwritten()
    {
        var options = new ChatOptions { Temperature = 0.7f, StopSequences = ["caller"] }.WithRepetitionPenalty(1.3f);
        var preset = new GenerationPreset { Temperature = 0.1f, TopK = 5, RepetitionPenalty = 1.05f, MinP = 0.05f, StopSequences = ["preset"] };

        GenerationParameters filled = preset.FillUnset(options);

        Assert.That(options.Temperature, Is.EqualTo(0.7f));
        Assert.That(options.GetRepetitionPenalty(), Is.EqualTo(1.3f));
        Assert.That(options.StopSequences, Is.EqualTo(new[] { "caller" }));
        Assert.That(options.TopK, Is.EqualTo(5));
        Assert.That(options.GetMinP(), Is.EqualTo(0.05f));
        Assert.That(filled, Is.EqualTo(GenerationParameters.TopK | GenerationParameters.MinP));
    }

    [Test]
    public void OverlayWith_HigherWinsPerField()
    {
        var lower = new GenerationPreset { Temperature = 0.1f, TopP = 0.9f, Seed = 1 };
        var higher = new GenerationPreset { Temperature = 0f, MaxOutputTokens = 10 };

        GenerationPreset merged = lower.OverlayWith(higher);

        Assert.That((merged.Temperature, merged.TopP, merged.Seed, merged.MaxOutputTokens), Is.EqualTo((0f, 0.9f, 1L, 10)));
        Assert.That(merged.SetParameters, Is.EqualTo(GenerationParameters.Temperature | GenerationParameters.TopP | GenerationParameters.Seed | GenerationParameters.MaxOutputTokens));
    }

    [Test]
    public void CollectErrors_OutOfRangeValues_NameTheField()
    {
        var errors = new List<string>();
        new GenerationPreset { Temperature = -1, TopP = 1.5f, TopK = -1, MinP = 2, RepetitionPenalty = 0, MaxOutputTokens = 0, StopSequences = [""] }
            .CollectErrors("Benny:Presets:x", errors);

        Assert.That(errors, Has.Count.EqualTo(7));
        Assert.That(errors, Has.All.StartWith("Benny:Presets:x:"));
    }

    [Test]
    public void Extensions_ReadNumbersOfAnyKind_AndRejectOthers()
    {
        var options = new ChatOptions { AdditionalProperties = new() { [GenerationChatOptionsExtensions.MinPKey] = 0.25, [GenerationChatOptionsExtensions.RepetitionPenaltyKey] = "1.1" } };

        Assert.That(options.GetMinP(), Is.EqualTo(0.25f));
        Assert.That(options.GetRepetitionPenalty(), Is.EqualTo(1.1f));
        options.AdditionalProperties[GenerationChatOptionsExtensions.MinPKey] = "high";
        Assert.That(() => options.GetMinP(), Throws.InvalidOperationException.With.Message.Contains("benny.min_p"));
        Assert.That(() => options.WithMinP(1.5f), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => options.WithRepetitionPenalty(0), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(options.WithMinP(null).GetMinP(), Is.Null);
    }
}
