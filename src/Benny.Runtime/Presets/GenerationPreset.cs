using Benny.Runtime.Validation;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Presets;

/// <summary>
/// A set of generation parameters. Every property is optional: <see langword="null"/> means "not set
/// here", so presets layer (caller &gt; prompt &gt; model &gt; purpose &gt; engine default).
/// </summary>
/// <remarks>
/// <see cref="Temperature"/> 0 means greedy decoding on every engine; it is never an error.
/// </remarks>
public sealed record GenerationPreset
{
    /// <summary>Gets or sets the sampling temperature; 0 means greedy decoding.</summary>
    public float? Temperature { get; set; }

    /// <summary>Gets or sets the nucleus sampling threshold (top-p).</summary>
    public float? TopP { get; set; }

    /// <summary>Gets or sets top-k.</summary>
    public int? TopK { get; set; }

    /// <summary>Gets or sets min-p.</summary>
    public float? MinP { get; set; }

    /// <summary>Gets or sets the multiplicative repetition penalty (1 = off).</summary>
    public float? RepetitionPenalty { get; set; }

    /// <summary>Gets or sets the additive frequency penalty (0 = off).</summary>
    public float? FrequencyPenalty { get; set; }

    /// <summary>Gets or sets the additive presence penalty (0 = off).</summary>
    public float? PresencePenalty { get; set; }

    /// <summary>Gets or sets the maximum number of output tokens.</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>Gets or sets the random seed.</summary>
    public long? Seed { get; set; }

    /// <summary>Gets or sets the stop sequences.</summary>
    public List<string>? StopSequences { get; set; }

    /// <summary>Gets which parameters this preset sets.</summary>
    public GenerationParameters SetParameters =>
        (Temperature is null ? 0 : GenerationParameters.Temperature)
        | (TopP is null ? 0 : GenerationParameters.TopP)
        | (TopK is null ? 0 : GenerationParameters.TopK)
        | (MinP is null ? 0 : GenerationParameters.MinP)
        | (RepetitionPenalty is null ? 0 : GenerationParameters.RepetitionPenalty)
        | (FrequencyPenalty is null ? 0 : GenerationParameters.FrequencyPenalty)
        | (PresencePenalty is null ? 0 : GenerationParameters.PresencePenalty)
        | (MaxOutputTokens is null ? 0 : GenerationParameters.MaxOutputTokens)
        | (Seed is null ? 0 : GenerationParameters.Seed)
        | (StopSequences is null ? 0 : GenerationParameters.StopSequences);

    /// <summary>Returns a new preset in which the parameters set on <paramref name="higher"/> replace this preset's.</summary>
    /// <param name="higher">The preset that takes precedence; <see langword="null"/> changes nothing.</param>
    /// <returns>The merged preset; neither input is changed.</returns>
    public GenerationPreset OverlayWith(GenerationPreset? higher)
    {
        if (higher is null)
        {
            return this with { StopSequences = StopSequences is null ? null : [.. StopSequences] };
        }

        return new GenerationPreset
        {
            Temperature = higher.Temperature ?? Temperature,
            TopP = higher.TopP ?? TopP,
            TopK = higher.TopK ?? TopK,
            MinP = higher.MinP ?? MinP,
            RepetitionPenalty = higher.RepetitionPenalty ?? RepetitionPenalty,
            FrequencyPenalty = higher.FrequencyPenalty ?? FrequencyPenalty,
            PresencePenalty = higher.PresencePenalty ?? PresencePenalty,
            MaxOutputTokens = higher.MaxOutputTokens ?? MaxOutputTokens,
            Seed = higher.Seed ?? Seed,
            StopSequences = (higher.StopSequences ?? StopSequences) is { } stops ? [.. stops] : null,
        };
    }

    /// <summary>
    /// Fills the parameters that <paramref name="options"/> leaves unset with this preset's values;
    /// what the caller set is never changed.
    /// </summary>
    /// <param name="options">The options to fill in place.</param>
    /// <returns>The parameters that were filled from this preset.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public GenerationParameters FillUnset(ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        GenerationParameters filled = GenerationParameters.None;
        if (options.Temperature is null && Temperature is { } temperature) { options.Temperature = temperature; filled |= GenerationParameters.Temperature; }
        if (options.TopP is null && TopP is { } topP) { options.TopP = topP; filled |= GenerationParameters.TopP; }
        if (options.TopK is null && TopK is { } topK) { options.TopK = topK; filled |= GenerationParameters.TopK; }
        if (options.GetMinP() is null && MinP is { } minP) { options.WithMinP(minP); filled |= GenerationParameters.MinP; }
        if (options.GetRepetitionPenalty() is null && RepetitionPenalty is { } repetition) { options.WithRepetitionPenalty(repetition); filled |= GenerationParameters.RepetitionPenalty; }
        if (options.FrequencyPenalty is null && FrequencyPenalty is { } frequency) { options.FrequencyPenalty = frequency; filled |= GenerationParameters.FrequencyPenalty; }
        if (options.PresencePenalty is null && PresencePenalty is { } presence) { options.PresencePenalty = presence; filled |= GenerationParameters.PresencePenalty; }
        if (options.MaxOutputTokens is null && MaxOutputTokens is { } maxTokens) { options.MaxOutputTokens = maxTokens; filled |= GenerationParameters.MaxOutputTokens; }
        if (options.Seed is null && Seed is { } seed) { options.Seed = seed; filled |= GenerationParameters.Seed; }
        if (options.StopSequences is null && StopSequences is { } stops) { options.StopSequences = [.. stops]; filled |= GenerationParameters.StopSequences; }
        return filled;
    }

    /// <summary>Adds a line to <paramref name="errors"/> for each value out of its range in <see cref="GenerationParameterRanges"/>.</summary>
    /// <param name="field">The configuration path of this preset, named in the messages (for example <c>Benny:Presets:tool</c>).</param>
    /// <param name="errors">Receives the problems.</param>
    internal void CollectErrors(string field, List<string> errors)
    {
        Check(GenerationParameterRanges.Temperature, Temperature);
        Check(GenerationParameterRanges.TopP, TopP);
        Check(GenerationParameterRanges.TopK, TopK);
        Check(GenerationParameterRanges.MinP, MinP);
        Check(GenerationParameterRanges.RepetitionPenalty, RepetitionPenalty);
        Check(GenerationParameterRanges.FrequencyPenalty, FrequencyPenalty);
        Check(GenerationParameterRanges.PresencePenalty, PresencePenalty);
        Check(GenerationParameterRanges.MaxOutputTokens, MaxOutputTokens);
        if (StopSequences is { } stops && stops.Any(string.IsNullOrEmpty)) errors.Add($"{field}:StopSequences contains an empty entry; remove it.");

        void Check(GenerationParameterRange range, double? value)
        {
            if (range.GetError($"{field}:{range.Name}", value) is { } error)
            {
                errors.Add(error);
            }
        }
    }
}
