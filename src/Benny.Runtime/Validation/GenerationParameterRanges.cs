namespace Benny.Runtime.Validation;

/// <summary>
/// The one table of generation parameter ranges. Preset validation (<c>Benny:Presets</c>, <c>Benny:Models:*:Parameters</c>),
/// prompt front matter, the profiles importer and every engine's options mapper check values against it, so a value
/// accepted in configuration is accepted by every engine.
/// </summary>
/// <remarks>
/// Reconciled from what the engines accept: top-p (0, 1], top-k 0 (off) or more, min-p [0, 1] and a positive repetition
/// penalty are what llama.cpp and OpenVINO GenAI both take; presence and frequency penalties [-2, 2] are OpenVINO GenAI's
/// limits (and OpenAI's); temperature [0, 2] is OpenAI's range (the engines take any non-negative value, but above 2 the
/// output is noise, so a larger value is almost always a typo). The seed takes any value (negative means random) and is
/// not in the table.
/// </remarks>
public static class GenerationParameterRanges
{
    /// <summary>Gets the temperature range: [0, 2], 0 = greedy.</summary>
    public static GenerationParameterRange Temperature { get; } = new("Temperature", 0, true, 2, "0 = greedy");

    /// <summary>Gets the top-p range: (0, 1].</summary>
    public static GenerationParameterRange TopP { get; } = new("TopP", 0, false, 1);

    /// <summary>Gets the top-k range: 0 (off) or more.</summary>
    public static GenerationParameterRange TopK { get; } = new("TopK", 0, true, double.PositiveInfinity, "0 = off");

    /// <summary>Gets the min-p range: [0, 1].</summary>
    public static GenerationParameterRange MinP { get; } = new("MinP", 0, true, 1, "0 = off");

    /// <summary>Gets the multiplicative repetition penalty range: more than 0, 1 = off.</summary>
    public static GenerationParameterRange RepetitionPenalty { get; } = new("RepetitionPenalty", 0, false, double.PositiveInfinity, "1 = off");

    /// <summary>Gets the additive frequency penalty range: [-2, 2], 0 = off.</summary>
    public static GenerationParameterRange FrequencyPenalty { get; } = new("FrequencyPenalty", -2, true, 2, "0 = off");

    /// <summary>Gets the additive presence penalty range: [-2, 2], 0 = off.</summary>
    public static GenerationParameterRange PresencePenalty { get; } = new("PresencePenalty", -2, true, 2, "0 = off");

    /// <summary>Gets the maximum output tokens range: 1 or more.</summary>
    public static GenerationParameterRange MaxOutputTokens { get; } = new("MaxOutputTokens", 1, true, double.PositiveInfinity);

    /// <summary>Gets every range of the table.</summary>
    public static IReadOnlyList<GenerationParameterRange> All { get; } =
        [Temperature, TopP, TopK, MinP, RepetitionPenalty, FrequencyPenalty, PresencePenalty, MaxOutputTokens];
}
