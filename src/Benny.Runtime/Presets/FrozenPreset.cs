using Microsoft.Extensions.AI;

namespace Benny.Runtime.Presets;

/// <summary>
/// A private copy of a <see cref="GenerationPreset"/> that fills request options cheaply: which parameters it sets is
/// known up front, and the values that travel boxed in <see cref="ChatOptions.AdditionalProperties"/> are boxed once.
/// </summary>
/// <remarks>Nothing changes it after construction; safe to use from any thread.</remarks>
internal sealed class FrozenPreset
{
    private readonly GenerationPreset _values;
    private readonly object? _minP;
    private readonly object? _repetitionPenalty;

    /// <summary>Initializes a new instance from a copy of <paramref name="preset"/>.</summary>
    /// <param name="preset">The preset; later changes to it have no effect.</param>
    public FrozenPreset(GenerationPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        _values = preset.OverlayWith(null);
        Parameters = _values.SetParameters;

        // Values out of range are not boxed: filling them goes through the typed setters, which throw as before.
        _minP = _values.MinP is { } minP && minP >= 0 && minP <= 1 ? minP : null;
        _repetitionPenalty = _values.RepetitionPenalty is { } repetition && repetition > 0 ? repetition : null;
    }

    /// <summary>Gets the parameters this preset sets.</summary>
    public GenerationParameters Parameters { get; }

    /// <summary>
    /// Fills the parameters among <paramref name="parameters"/> that <paramref name="options"/> leaves unset with this
    /// preset's values, as <see cref="GenerationPreset.FillUnset"/> does; what the options set is never changed.
    /// </summary>
    /// <param name="options">The options to fill in place.</param>
    /// <param name="parameters">The parameters that may be filled.</param>
    /// <returns>The parameters that were filled.</returns>
    public GenerationParameters FillUnset(ChatOptions options, GenerationParameters parameters)
    {
        GenerationPreset p = _values;
        GenerationParameters filled = GenerationParameters.None;
        parameters &= Parameters;
        if (parameters.HasFlag(GenerationParameters.Temperature) && options.Temperature is null)
        {
            options.Temperature = p.Temperature;
            filled |= GenerationParameters.Temperature;
        }

        if (parameters.HasFlag(GenerationParameters.TopP) && options.TopP is null)
        {
            options.TopP = p.TopP;
            filled |= GenerationParameters.TopP;
        }

        if (parameters.HasFlag(GenerationParameters.TopK) && options.TopK is null)
        {
            options.TopK = p.TopK;
            filled |= GenerationParameters.TopK;
        }

        if (parameters.HasFlag(GenerationParameters.MinP) && options.GetMinP() is null)
        {
            SetBoxed(options, GenerationChatOptionsExtensions.MinPKey, _minP, p.MinP, static (o, v) => o.WithMinP(v));
            filled |= GenerationParameters.MinP;
        }

        if (parameters.HasFlag(GenerationParameters.RepetitionPenalty) && options.GetRepetitionPenalty() is null)
        {
            SetBoxed(options, GenerationChatOptionsExtensions.RepetitionPenaltyKey, _repetitionPenalty, p.RepetitionPenalty, static (o, v) => o.WithRepetitionPenalty(v));
            filled |= GenerationParameters.RepetitionPenalty;
        }

        if (parameters.HasFlag(GenerationParameters.FrequencyPenalty) && options.FrequencyPenalty is null)
        {
            options.FrequencyPenalty = p.FrequencyPenalty;
            filled |= GenerationParameters.FrequencyPenalty;
        }

        if (parameters.HasFlag(GenerationParameters.PresencePenalty) && options.PresencePenalty is null)
        {
            options.PresencePenalty = p.PresencePenalty;
            filled |= GenerationParameters.PresencePenalty;
        }

        if (parameters.HasFlag(GenerationParameters.MaxOutputTokens) && options.MaxOutputTokens is null)
        {
            options.MaxOutputTokens = p.MaxOutputTokens;
            filled |= GenerationParameters.MaxOutputTokens;
        }

        if (parameters.HasFlag(GenerationParameters.Seed) && options.Seed is null)
        {
            options.Seed = p.Seed;
            filled |= GenerationParameters.Seed;
        }

        if (parameters.HasFlag(GenerationParameters.StopSequences) && options.StopSequences is null)
        {
            options.StopSequences = [.. p.StopSequences!];
            filled |= GenerationParameters.StopSequences;
        }

        return filled;
    }

    private static void SetBoxed(ChatOptions options, string key, object? boxed, float? value, Action<ChatOptions, float?> set)
    {
        if (boxed is null)
        {
            set(options, value);
        }
        else
        {
            (options.AdditionalProperties ??= [])[key] = boxed;
        }
    }
}
