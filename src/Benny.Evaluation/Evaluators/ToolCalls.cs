using Microsoft.Extensions.AI;

namespace Benny.Evaluation.Evaluators;

/// <summary>Finds the tool calls of a response.</summary>
internal static class ToolCalls
{
    /// <summary>The response's function calls, in order.</summary>
    public static IReadOnlyList<FunctionCallContent> Of(ChatResponse response)
        => [.. response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()];

    /// <summary>The call named <paramref name="name"/>, else the first call, else <see langword="null"/>.</summary>
    public static FunctionCallContent? Find(ChatResponse response, string name)
    {
        IReadOnlyList<FunctionCallContent> calls = Of(response);
        return calls.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal)) ?? (calls.Count > 0 ? calls[0] : null);
    }
}
