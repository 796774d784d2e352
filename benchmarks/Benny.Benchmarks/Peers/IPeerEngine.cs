namespace Benny.Benchmarks.Peers;

/// <summary>An engine under comparison: completes raw prompts greedily (no chat template), all of them at once.</summary>
internal interface IPeerEngine : IDisposable
{
    /// <summary>Gets the name printed by the setup checks.</summary>
    string Name { get; }

    /// <summary>Completes every prompt greedily, concurrently where there is more than one, each with at most <paramref name="maxTokens"/> tokens.</summary>
    /// <param name="prompts">The prompts, completed as they are.</param>
    /// <param name="maxTokens">The output limit per prompt.</param>
    /// <returns>One result per prompt, in order.</returns>
    Task<Generation[]> GenerateAsync(IReadOnlyList<string> prompts, int maxTokens);
}
