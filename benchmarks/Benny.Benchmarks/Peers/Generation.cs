namespace Benny.Benchmarks.Peers;

/// <summary>One completed request of a peer benchmark: its greedy text and token counts.</summary>
/// <param name="Text">The generated text.</param>
/// <param name="PromptTokens">The prompt's tokens (BOS included where the model adds one), or -1 when the engine does not say.</param>
/// <param name="OutputTokens">The tokens generated.</param>
internal sealed record Generation(string Text, int PromptTokens, int OutputTokens);
