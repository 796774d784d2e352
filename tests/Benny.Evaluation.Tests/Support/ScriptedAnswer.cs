using Microsoft.Extensions.AI;

namespace Benny.Evaluation.Tests.Support;

/// <summary>What a <see cref="ScriptedChatClient"/> answers to one request.</summary>
internal sealed record ScriptedAnswer(string Text)
{
    public Exception? Error { get; init; }

    public bool WaitForCancellation { get; init; }

    public FunctionCallContent? ToolCall { get; init; }

    public AdditionalPropertiesDictionary? Properties { get; init; }
}
