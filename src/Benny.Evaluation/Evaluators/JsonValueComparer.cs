using System.Text.Json;

namespace Benny.Evaluation.Evaluators;

/// <summary>
/// Compares an expected JSON value with an actual one as field accuracy does: numbers numerically (<c>1843</c> equals
/// <c>1843.0</c>), strings after <see cref="TextNormalizer.Normalize"/>, arrays element by element in order, objects key
/// by key (the actual object may have more keys).
/// </summary>
internal static class JsonValueComparer
{
    public static bool Matches(JsonElement expected, JsonElement actual)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Number:
                return actual.ValueKind switch
                {
                    JsonValueKind.Number => NumbersEqual(expected, actual),
                    // A number the model wrote as a string ("1843") still holds the right value.
                    JsonValueKind.String => double.TryParse(actual.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double parsed)
                        && parsed == expected.GetDouble(),
                    _ => false,
                };
            case JsonValueKind.String:
                return actual.ValueKind switch
                {
                    JsonValueKind.String => TextNormalizer.Normalize(expected.GetString()!) == TextNormalizer.Normalize(actual.GetString()!),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False =>
                        TextNormalizer.Normalize(expected.GetString()!) == TextNormalizer.Normalize(actual.GetRawText()),
                    _ => false,
                };
            case JsonValueKind.True:
            case JsonValueKind.False:
                return actual.ValueKind == expected.ValueKind;
            case JsonValueKind.Null:
                return actual.ValueKind == JsonValueKind.Null;
            case JsonValueKind.Array:
                if (actual.ValueKind != JsonValueKind.Array || actual.GetArrayLength() != expected.GetArrayLength())
                {
                    return false;
                }

                return expected.EnumerateArray().Zip(actual.EnumerateArray()).All(pair => Matches(pair.First, pair.Second));
            case JsonValueKind.Object:
                return actual.ValueKind == JsonValueKind.Object
                    && expected.EnumerateObject().All(p => actual.TryGetProperty(p.Name, out JsonElement a) && Matches(p.Value, a));
            default:
                return false;
        }
    }

    /// <summary>Compares as <see cref="decimal"/> when both fit (exact: 0.1 + 0.2 written as 0.3 stays 0.3), else as <see cref="double"/>.</summary>
    private static bool NumbersEqual(JsonElement expected, JsonElement actual)
        => expected.TryGetDecimal(out decimal e) && actual.TryGetDecimal(out decimal a)
            ? e == a
            : expected.GetDouble() == actual.GetDouble();
}
