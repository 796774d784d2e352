using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Benny.Runtime.Prompts;

/// <summary>
/// Turns caller-supplied variable values into plain CLR values (JSON elements included), checks them
/// against schema types, and wraps them for DotLiquid so that unknown names are recorded.
/// </summary>
internal static class PromptVariableValues
{
    /// <summary>
    /// Converts a value into plain form: <see cref="string"/>, <see cref="bool"/>, <see cref="long"/>,
    /// <see cref="double"/>, <see cref="decimal"/>, <see cref="Dictionary{TKey, TValue}"/> with string keys,
    /// <see cref="List{T}"/>, or another scalar left as it is.
    /// </summary>
    public static object? Normalize(object? value) => value switch
    {
        null => null,
        string s => s,
        char c => c.ToString(),
        bool b => b,
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u => u <= long.MaxValue ? (long)u : (decimal)u,
        float f => double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        double or decimal => value,
        JsonElement element => FromJson(element),
        JsonDocument document => FromJson(document.RootElement),
        IDictionary dictionary => NormalizeDictionary(dictionary),
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs.ToDictionary(p => p.Key, p => Normalize(p.Value), StringComparer.Ordinal),
        IEnumerable sequence => sequence.Cast<object?>().Select(Normalize).ToList(),
        _ => value,
    };

    /// <summary>Gets the schema type that describes a normalized value, for messages.</summary>
    public static string Describe(object? normalized) => normalized switch
    {
        null => "null",
        string => "string",
        bool => "boolean",
        long => "integer",
        double or decimal => "number",
        Dictionary<string, object?> => "object",
        List<object?> => "array",
        _ => $"an unsupported value ({normalized.GetType().FullName})",
    };

    /// <summary>Returns whether a normalized, non-null value is of the expected schema type.</summary>
    public static bool Matches(PromptVariableType expected, object normalized) => expected switch
    {
        PromptVariableType.Any => true,
        PromptVariableType.String => normalized is string,
        PromptVariableType.Integer => normalized is long || (normalized is decimal d && decimal.Truncate(d) == d),
        PromptVariableType.Number => normalized is long or double or decimal,
        PromptVariableType.Boolean => normalized is bool,
        PromptVariableType.Array => normalized is List<object?>,
        PromptVariableType.Object => normalized is Dictionary<string, object?>,
        _ => false,
    };

    /// <summary>
    /// Builds the DotLiquid variables: every dictionary becomes a <see cref="DotLiquid.Hash"/> that
    /// reports a name it does not hold (as <c>parent.key</c>) to <paramref name="onMissing"/>.
    /// </summary>
    public static DotLiquid.Hash ToLiquidHash(Dictionary<string, object?> values, string prefix, Action<string> onMissing)
    {
        var hash = new DotLiquid.Hash((_, key) =>
        {
            onMissing(prefix + key);
            return null;
        });

        foreach ((string key, object? value) in values)
        {
            hash[key] = ToLiquid(value, prefix + key, onMissing);
        }

        return hash;
    }

    private static object? ToLiquid(object? value, string path, Action<string> onMissing) => value switch
    {
        null or string or bool or long or double or decimal or DateTime or DateTimeOffset => value,
        Dictionary<string, object?> map => ToLiquidHash(map, path + ".", onMissing),
        List<object?> list => list.Select(item => ToLiquid(item, path + "[]", onMissing)).ToList(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static Dictionary<string, object?> NormalizeDictionary(IDictionary dictionary)
    {
        var result = new Dictionary<string, object?>(dictionary.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dictionary)
        {
            result[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Normalize(entry.Value);
        }

        return result;
    }

    private static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => element.TryGetInt64(out long integer) ? integer
            : element.TryGetDecimal(out decimal exact) ? exact
            : element.GetDouble(),
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        _ => null,
    };
}
