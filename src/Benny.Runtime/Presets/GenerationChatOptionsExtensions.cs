using Benny.Runtime.Validation;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Presets;

/// <summary>
/// Typed access to the generation parameters that <see cref="ChatOptions"/> has no property for.
/// They travel in <see cref="ChatOptions.AdditionalProperties"/> under the documented keys
/// <see cref="RepetitionPenaltyKey"/> and <see cref="MinPKey"/>.
/// </summary>
public static class GenerationChatOptionsExtensions
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of the repetition penalty (a <see cref="float"/>).</summary>
    public const string RepetitionPenaltyKey = "benny.repetition_penalty";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of min-p (a <see cref="float"/>).</summary>
    public const string MinPKey = "benny.min_p";

    /// <summary>Gets the repetition penalty set on <paramref name="options"/>.</summary>
    /// <param name="options">The options to read; may be <see langword="null"/>.</param>
    /// <returns>The penalty, or <see langword="null"/> when unset (engine default).</returns>
    public static float? GetRepetitionPenalty(this ChatOptions? options) => GetSingle(options, RepetitionPenaltyKey);

    /// <summary>Sets (or, with <see langword="null"/>, removes) the repetition penalty.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="value">The multiplicative penalty (1 = off), or <see langword="null"/> for the engine default.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not a positive finite number (<see cref="GenerationParameterRanges.RepetitionPenalty"/>).</exception>
    public static ChatOptions WithRepetitionPenalty(this ChatOptions options, float? value)
    {
        GenerationParameterRanges.RepetitionPenalty.ThrowIfOutOfRange(value, "The repetition penalty", nameof(value));

        return SetSingle(options, RepetitionPenaltyKey, value);
    }

    /// <summary>Gets the min-p value set on <paramref name="options"/>.</summary>
    /// <param name="options">The options to read; may be <see langword="null"/>.</param>
    /// <returns>Min-p, or <see langword="null"/> when unset (engine default).</returns>
    public static float? GetMinP(this ChatOptions? options) => GetSingle(options, MinPKey);

    /// <summary>Sets (or, with <see langword="null"/>, removes) min-p.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="value">A probability in [0, 1], or <see langword="null"/> for the engine default.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is outside [0, 1] (<see cref="GenerationParameterRanges.MinP"/>).</exception>
    public static ChatOptions WithMinP(this ChatOptions options, float? value)
    {
        GenerationParameterRanges.MinP.ThrowIfOutOfRange(value, "Min-p", nameof(value));

        return SetSingle(options, MinPKey, value);
    }

    private static float? GetSingle(ChatOptions? options, string key)
    {
        if (options?.AdditionalProperties is not { } properties || !properties.TryGetValue(key, out object? raw) || raw is null)
        {
            return null;
        }

        return raw switch
        {
            float f => f,
            double d => (float)d,
            decimal m => (float)m,
            int i => i,
            long l => l,
            string s when float.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out float parsed) => parsed,
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Number } e => e.GetSingle(),
            _ => throw new InvalidOperationException(
                $"ChatOptions.AdditionalProperties['{key}'] holds a {raw.GetType().Name} ('{raw}'); expected a number."),
        };
    }

    private static ChatOptions SetSingle(ChatOptions options, string key, float? value)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (value is null)
        {
            options.AdditionalProperties?.Remove(key);
        }
        else
        {
            (options.AdditionalProperties ??= [])[key] = value.Value;
        }

        return options;
    }
}
