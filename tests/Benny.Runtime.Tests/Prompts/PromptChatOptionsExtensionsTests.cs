using System.Text.Json;
using Benny.Runtime.Prompts;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Tests.Prompts;

public sealed class PromptChatOptionsExtensionsTests
{
    [Test]
    public void WithPromptVariables_Variables_RoundTripAsACopy()
    {
        var variables = new Dictionary<string, object?> { ["a"] = 1 };
        var options = new ChatOptions().WithPromptVariables(variables);
        variables["b"] = 2;

        Assert.That(options.GetPromptVariables(), Is.EqualTo(new Dictionary<string, object?> { ["a"] = 1 }));
        Assert.That(options.AdditionalProperties!.ContainsKey(PromptChatOptionsExtensions.VariablesKey), Is.True);
    }

    [Test]
    public void GetPromptVariables_NothingSet_ReturnsNull()
    {
        Assert.That(((ChatOptions?)null).GetPromptVariables(), Is.Null);
        Assert.That(new ChatOptions().GetPromptVariables(), Is.Null);
    }

    [Test]
    public void GetPromptVariables_JsonObject_ReturnsItsProperties()
    {
        using JsonDocument json = JsonDocument.Parse("""{ "name": "Ada" }""");
        var options = new ChatOptions { AdditionalProperties = new() { [PromptChatOptionsExtensions.VariablesKey] = json.RootElement } };

        IReadOnlyDictionary<string, object?> variables = options.GetPromptVariables()!;

        Assert.That(((JsonElement)variables["name"]!).GetString(), Is.EqualTo("Ada"));
    }

    [Test]
    public void GetPromptVariables_WrongType_Throws()
    {
        var options = new ChatOptions { AdditionalProperties = new() { [PromptChatOptionsExtensions.VariablesKey] = 42 } };

        Assert.Throws<InvalidOperationException>(() => options.GetPromptVariables());
    }

    [Test]
    public void WithoutPromptInjection_Options_IsPromptInjectionDisabledIsTrue()
    {
        Assert.That(new ChatOptions().WithoutPromptInjection().IsPromptInjectionDisabled(), Is.True);
        Assert.That(new ChatOptions().IsPromptInjectionDisabled(), Is.False);
        Assert.That(((ChatOptions?)null).IsPromptInjectionDisabled(), Is.False);
    }

    [Test]
    public void IsPromptInjectionDisabled_StringAndJsonValues_AreUnderstood()
    {
        using JsonDocument json = JsonDocument.Parse("true");

        Assert.That(new ChatOptions { AdditionalProperties = new() { [PromptChatOptionsExtensions.DisabledKey] = "true" } }.IsPromptInjectionDisabled(), Is.True);
        Assert.That(new ChatOptions { AdditionalProperties = new() { [PromptChatOptionsExtensions.DisabledKey] = json.RootElement } }.IsPromptInjectionDisabled(), Is.True);
        Assert.Throws<InvalidOperationException>(() => new ChatOptions { AdditionalProperties = new() { [PromptChatOptionsExtensions.DisabledKey] = 3 } }.IsPromptInjectionDisabled());
    }

    [Test]
    public void Extensions_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => ((ChatOptions)null!).WithPromptVariables(new Dictionary<string, object?>()));
        Assert.Throws<ArgumentNullException>(() => new ChatOptions().WithPromptVariables(null!));
        Assert.Throws<ArgumentNullException>(() => ((ChatOptions)null!).WithoutPromptInjection());
    }
}
