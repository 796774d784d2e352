using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Inference;

/// <summary>What the decode loop reports for one request: text, then one completion.</summary>
internal abstract record GenerationEvent
{
    /// <summary>Newly generated text (never half a character, never part of a stop sequence).</summary>
    public sealed record Text(string Value) : GenerationEvent;

    /// <summary>Generation ended.</summary>
    /// <param name="Reason">Why it ended.</param>
    /// <param name="PromptTokens">The prompt's token count.</param>
    /// <param name="OutputTokens">The generated token count.</param>
    /// <param name="PromptMilliseconds">Time to process the prompt, from getting a slot to the first token's logits.</param>
    /// <param name="GenerationMilliseconds">Time spent generating after the prompt.</param>
    /// <param name="CachedPromptTokens">Prompt tokens taken from the KV cache (prefix reuse), not decoded again.</param>
    /// <param name="QueueMilliseconds">Time waiting for a slot (and KV room).</param>
    /// <param name="TimeToFirstTokenMilliseconds">Time from queueing to the first token's logits.</param>
    public sealed record Completed(
        ChatFinishReason Reason,
        int PromptTokens,
        int OutputTokens,
        double PromptMilliseconds,
        double GenerationMilliseconds,
        int CachedPromptTokens,
        double QueueMilliseconds,
        double TimeToFirstTokenMilliseconds) : GenerationEvent;
}
