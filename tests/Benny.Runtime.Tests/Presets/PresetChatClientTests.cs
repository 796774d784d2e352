using Benny.Runtime.Presets;
using Microsoft.Extensions.AI;
using Moq;

namespace Benny.Runtime.Tests.Presets;

public class PresetChatClientTests
{
    private readonly Mock<IChatClient> _inner = new();
    private ChatOptions? _received;

    private static readonly GenerationPreset ToolPreset = new() { Temperature = 0.1f, TopP = 0.9f, TopK = 40, RepetitionPenalty = 1.05f, MaxOutputTokens = 512 };

    [SetUp]
    public void SetUp()
    {
        _inner.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((IEnumerable<ChatMessage> _, ChatOptions? options, CancellationToken _) => _received = options)
            .ReturnsAsync(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
        _inner.Setup(c => c.GetStreamingResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((IEnumerable<ChatMessage> _, ChatOptions? options, CancellationToken _) => _received = options)
            .Returns(new[] { new ChatResponseUpdate(ChatRole.Assistant, "ok") }.ToAsyncEnumerable());
    }

    [Test]
    public async Task GetResponseAsync_NoOptions_GetsThePreset()
    {
        using var client = new PresetChatClient(_inner.Object, ToolPreset, GenerationParameters.All, "benny-tool-m");

        await client.GetResponseAsync("hi");

        Assert.That(_received, Is.Not.Null);
        Assert.That((_received!.Temperature, _received.TopP, _received.TopK, _received.MaxOutputTokens), Is.EqualTo((0.1f, 0.9f, 40, 512)));
        Assert.That(_received.GetRepetitionPenalty(), Is.EqualTo(1.05f));
    }

    [Test]
    public async Task GetResponseAsync_CallerOptions_WinAndAreNotMutated()
    {
        using var client = new PresetChatClient(_inner.Object, ToolPreset, GenerationParameters.All, "benny-tool-m");
        var caller = new ChatOptions { Temperature = 0f, MaxOutputTokens = 16 };

        await client.GetResponseAsync("hi", caller);

        Assert.That((_received!.Temperature, _received.MaxOutputTokens, _received.TopK), Is.EqualTo((0f, 16, 40)));
        Assert.That(_received, Is.Not.SameAs(caller));
        Assert.That(caller.TopK, Is.Null, "the caller's instance is never changed");
        Assert.That(caller.AdditionalProperties, Is.Null);
    }

    [Test]
    public async Task GetResponseAsync_UnsupportedParameters_AreDropped()
    {
        using var client = new PresetChatClient(_inner.Object, ToolPreset, GenerationParameters.Temperature | GenerationParameters.MaxOutputTokens, "m");

        await client.GetResponseAsync("hi", new ChatOptions { Seed = 7 });

        Assert.That((_received!.Temperature, _received.MaxOutputTokens), Is.EqualTo((0.1f, 512)));
        Assert.That((_received.TopP, _received.TopK, _received.Seed), Is.EqualTo(((float?)null, (int?)null, (long?)null)));
        Assert.That(_received.GetRepetitionPenalty(), Is.Null);
    }

    [Test]
    public async Task GetResponseAsync_StrictAndCallerSetsUnsupported_ThrowsNamingModelAndParameter()
    {
        using var client = new PresetChatClient(_inner.Object, ToolPreset, GenerationParameters.All & ~GenerationParameters.Seed, "benny-tool-m", strict: true);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("hi", new ChatOptions { Seed = 7 }));

        Assert.That(error!.Message, Does.Contain("benny-tool-m").And.Contain("Seed").And.Contain("StrictParameters"));
        _inner.Verify(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task GetResponseAsync_StrictAndOnlyPresetUnsupported_DropsQuietly()
    {
        using var client = new PresetChatClient(_inner.Object, ToolPreset, GenerationParameters.All & ~GenerationParameters.TopK, "m", strict: true);

        await client.GetResponseAsync("hi");

        Assert.That(_received!.TopK, Is.Null);
        Assert.That(_received.TopP, Is.EqualTo(0.9f));
    }

    [Test]
    public async Task GetStreamingResponseAsync_AppliesThePresetToo()
    {
        using var client = new PresetChatClient(_inner.Object, ToolPreset, GenerationParameters.All, "m");

        var updates = await client.GetStreamingResponseAsync("hi").ToListAsync();

        Assert.That(updates.Select(u => u.Text), Is.EqualTo(new[] { "ok" }));
        Assert.That(_received!.TopK, Is.EqualTo(40));
    }

    [Test]
    public async Task GetResponseAsync_TemperatureZero_PassesThroughAsGreedy()
    {
        using var client = new PresetChatClient(_inner.Object, ToolPreset, GenerationParameters.All, "m");

        await client.GetResponseAsync("hi", new ChatOptions { Temperature = 0 });

        Assert.That(_received!.Temperature, Is.Zero);
    }

    [Test]
    public async Task GetResponseAsync_CallerSetsEverythingThePresetSets_PassesTheCallersOptionsThrough()
    {
        using var client = new PresetChatClient(_inner.Object, ToolPreset, GenerationParameters.All, "m");
        ChatOptions caller = new ChatOptions { Temperature = 0.5f, TopP = 0.5f, TopK = 5, MaxOutputTokens = 8 }.WithRepetitionPenalty(1.2f);

        await client.GetResponseAsync("hi", caller);

        Assert.That(_received, Is.SameAs(caller), "nothing to fill or drop: no copy");
        Assert.That((caller.Temperature, caller.TopP, caller.TopK, caller.MaxOutputTokens, caller.GetRepetitionPenalty()), Is.EqualTo((0.5f, 0.5f, 5, 8, 1.2f)));
    }

    [Test]
    public async Task GetResponseAsync_EmptyPresetAndNoOptions_PassesNoOptions()
    {
        using var client = new PresetChatClient(_inner.Object, new GenerationPreset(), GenerationParameters.All, "m");

        await client.GetResponseAsync("hi");

        Assert.That(_received, Is.Null);
    }

    [Test]
    public async Task GetResponseAsync_CallerOptionsWithAdditionalProperties_AreCopiedNotChanged()
    {
        using var client = new PresetChatClient(_inner.Object, ToolPreset, GenerationParameters.All, "m");
        var caller = new ChatOptions { AdditionalProperties = new() { ["other"] = 1 } };

        await client.GetResponseAsync("hi", caller);
        await client.GetResponseAsync("hi again", caller);

        Assert.That(caller.AdditionalProperties.Keys, Is.EqualTo(new[] { "other" }), "the preset's values go into a copy of the caller's properties");
        Assert.That((caller.Temperature, caller.TopK, caller.MaxOutputTokens), Is.EqualTo(((float?)null, (int?)null, (int?)null)));
        Assert.That(_received!.AdditionalProperties!.Keys, Is.EquivalentTo(new[] { "other", GenerationChatOptionsExtensions.RepetitionPenaltyKey }));
        Assert.That(_received.GetRepetitionPenalty(), Is.EqualTo(1.05f));
    }

    [Test]
    public async Task GetResponseAsync_CallerSetsOnlyUnsupportedParameters_DropsThemFromACopy()
    {
        using var client = new PresetChatClient(_inner.Object, new GenerationPreset(), GenerationParameters.Temperature, "m");
        var caller = new ChatOptions { Seed = 7, Temperature = 0.2f };

        await client.GetResponseAsync("hi", caller);

        Assert.That(_received, Is.Not.SameAs(caller));
        Assert.That((_received!.Seed, _received.Temperature), Is.EqualTo(((long?)null, 0.2f)));
        Assert.That(caller.Seed, Is.EqualTo(7), "the caller's instance is never changed");
    }

    [Test]
    public void GetResponseAsync_PresetValueOutOfRange_ThrowsArgumentOutOfRangeException()
    {
        using var client = new PresetChatClient(_inner.Object, new GenerationPreset { RepetitionPenalty = 0f }, GenerationParameters.All, "m");

        Assert.Throws<ArgumentOutOfRangeException>(() => client.GetResponseAsync("hi"));
    }
}
