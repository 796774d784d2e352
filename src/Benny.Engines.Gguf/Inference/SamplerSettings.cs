namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// The sampling pipeline for one request, mapped from <c>ChatOptions</c> by <see cref="GgufOptionsMapper"/>
/// and turned into a native sampler chain by the engine. Steps run in this order: penalties, top-k, top-p,
/// min-p, temperature, then either greedy selection or seeded random selection.
/// </summary>
internal sealed record SamplerSettings
{
    /// <summary>Gets whether the token with the highest probability is always taken (temperature 0, or top-k 1).</summary>
    public bool Greedy { get; init; }

    /// <summary>Gets the temperature (ignored when <see cref="Greedy"/>).</summary>
    public float Temperature { get; init; }

    /// <summary>Gets top-k, or 0 for off.</summary>
    public int TopK { get; init; }

    /// <summary>Gets top-p, or 1 for off.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Gets min-p, or 0 for off.</summary>
    public float MinP { get; init; }

    /// <summary>Gets the multiplicative repetition penalty (1 = off).</summary>
    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>Gets the additive frequency penalty (0 = off).</summary>
    public float FrequencyPenalty { get; init; }

    /// <summary>Gets the additive presence penalty (0 = off).</summary>
    public float PresencePenalty { get; init; }

    /// <summary>Gets how many recent tokens the penalties look at.</summary>
    public int PenaltyWindow { get; init; } = 64;

    /// <summary>Gets the seed of random selection (<see cref="uint.MaxValue"/> lets llama.cpp pick one).</summary>
    public uint Seed { get; init; } = uint.MaxValue;

    /// <summary>Gets a GBNF grammar that constrains the output, or <see langword="null"/>.</summary>
    public string? Grammar { get; init; }

    /// <summary>
    /// Gets the patterns that switch <see cref="Grammar"/> on (a lazy grammar: tool calls that may or may not come), or
    /// <see langword="null"/> for a grammar that applies from the first token.
    /// </summary>
    public IReadOnlyList<string>? GrammarTriggers { get; init; }

    /// <summary>
    /// Gets whether the grammar filters the whole vocabulary before every token (llama.cpp's grammar-first chain) instead
    /// of checking the chain's pick first and filtering only when it is rejected (the default; see <see cref="SamplerChain"/>).
    /// </summary>
    public bool GrammarFirst { get; init; }

    /// <summary>Gets whether any penalty is active.</summary>
    public bool HasPenalties => RepetitionPenalty != 1f || FrequencyPenalty != 0f || PresencePenalty != 0f;
}
