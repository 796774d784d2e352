using Benny.Runtime.Routing;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Tests.Routing;

public sealed class TaskProfileChatOptionsExtensionsTests
{
    private static AIFunction Tool() => AIFunctionFactory.Create(() => 42, "answer");

    [Test]
    public void WithTaskProfile_ThenGetTaskProfile_ReturnsTheSameProfile()
    {
        var profile = new TaskProfile { Type = "classification", Domain = "erp" };

        ChatOptions options = new ChatOptions().WithTaskProfile(profile);

        Assert.That(options.GetTaskProfile(), Is.SameAs(profile));
        Assert.That(options.AdditionalProperties![TaskProfileChatOptionsExtensions.TaskProfileKey], Is.SameAs(profile));
    }

    [Test]
    public void WithTaskProfile_NullArguments_ThrowArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => TaskProfileChatOptionsExtensions.WithTaskProfile(null!, new TaskProfile()));
        Assert.Throws<ArgumentNullException>(() => new ChatOptions().WithTaskProfile(null!));
    }

    [Test]
    public void GetTaskProfile_NoOptionsOrNoProfile_ReturnsNull()
    {
        Assert.That(((ChatOptions?)null).GetTaskProfile(), Is.Null);
        Assert.That(new ChatOptions().GetTaskProfile(), Is.Null);
    }

    [Test]
    public void GetTaskProfile_WrongValueType_ThrowsInvalidOperationExceptionNamingKey()
    {
        var options = new ChatOptions { AdditionalProperties = new() { [TaskProfileChatOptionsExtensions.TaskProfileKey] = "classification" } };

        var error = Assert.Throws<InvalidOperationException>(() => options.GetTaskProfile());

        Assert.That(error!.Message, Does.Contain(TaskProfileChatOptionsExtensions.TaskProfileKey));
    }

    [Test]
    public void ResolveTaskProfile_NullOptions_ReturnsAllUnknown()
    {
        TaskProfile profile = ((ChatOptions?)null).ResolveTaskProfile();

        Assert.That(profile, Is.EqualTo(new TaskProfile()));
    }

    [Test]
    public void ResolveTaskProfile_ToolsAndMaxOutputTokens_InfersRequiresToolsAndEstimatedOutput()
    {
        var options = new ChatOptions { Tools = [Tool()], MaxOutputTokens = 300 };

        TaskProfile profile = options.ResolveTaskProfile();

        Assert.That(profile.RequiresTools, Is.True);
        Assert.That(profile.EstimatedOutputTokens, Is.EqualTo(300));
    }

    [Test]
    public void ResolveTaskProfile_NoTools_LeavesRequiresToolsUnknown()
    {
        TaskProfile profile = new ChatOptions { Tools = [] }.ResolveTaskProfile();

        Assert.That(profile.RequiresTools, Is.Null);
        Assert.That(profile.EstimatedOutputTokens, Is.Null);
    }

    [Test]
    public void ResolveTaskProfile_ExplicitFacts_WinOverInferredOnes()
    {
        var explicitProfile = new TaskProfile { Type = "reasoning", RequiresTools = false, EstimatedOutputTokens = 20, Steps = 3 };
        ChatOptions options = new ChatOptions { Tools = [Tool()], MaxOutputTokens = 500 }.WithTaskProfile(explicitProfile);

        TaskProfile profile = options.ResolveTaskProfile();

        Assert.That(profile, Is.EqualTo(explicitProfile));
    }

    [Test]
    public void ResolveTaskProfile_PartialProfile_FillsOnlyUnsetFactsAndLeavesTheAttachedProfileAlone()
    {
        var attached = new TaskProfile { Type = "summarization" };
        ChatOptions options = new ChatOptions { Tools = [Tool()], MaxOutputTokens = 64 }.WithTaskProfile(attached);

        TaskProfile profile = options.ResolveTaskProfile();

        Assert.That(profile, Is.EqualTo(new TaskProfile { Type = "summarization", RequiresTools = true, EstimatedOutputTokens = 64 }));
        Assert.That(attached.RequiresTools, Is.Null, "records are immutable; the attached profile is unchanged");
    }
}
