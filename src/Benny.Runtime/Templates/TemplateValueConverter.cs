using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Benny.Runtime.Templates;

/// <summary>Converts the .NET values callers pass to <see cref="ChatTemplate.Render(IReadOnlyDictionary{string, object?})"/> into the template value model.</summary>
internal static class TemplateValueConverter
{
    private const int MaxDepth = 64;

    public static Dictionary<string, object?> ConvertVariables(IReadOnlyDictionary<string, object?> variables)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            result[name] = Convert(value, name, 0);
        }

        return result;
    }

    private static object? Convert(object? value, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"Template variable '{path}' is nested more than {MaxDepth} levels deep (or refers to itself).", nameof(value));
        }

        switch (value)
        {
            case null:
                return null;
            case string or bool or long or double or PyList or PyDict or Undefined or PyNamespace or ICallableValue:
                return value;
            case int or short or sbyte or byte or ushort or uint:
                return System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case ulong u:
                return u <= long.MaxValue ? (object)(long)u : (double)u;
            case float or decimal:
                return System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
            case char c:
                return c.ToString();
            case JsonElement element:
                return FromJson(element, path, depth);
            case JsonNode node:
                return FromJsonNode(node, path, depth);
            case IReadOnlyDictionary<string, object?> map:
                {
                    var dict = new PyDict();
                    foreach (var (k, v) in map)
                    {
                        dict.Set(k, Convert(v, $"{path}.{k}", depth + 1));
                    }

                    return dict;
                }

            case IDictionary map:
                {
                    var dict = new PyDict();
                    foreach (DictionaryEntry entry in map)
                    {
                        var key = Convert(entry.Key, path, depth + 1);
                        dict.Set(key, Convert(entry.Value, $"{path}.{entry.Key}", depth + 1));
                    }

                    return dict;
                }

            case ITuple tuple:
                {
                    var items = new List<object?>(tuple.Length);
                    for (var i = 0; i < tuple.Length; i++)
                    {
                        items.Add(Convert(tuple[i], $"{path}[{i}]", depth + 1));
                    }

                    return new PyList(items, isTuple: true);
                }

            case IEnumerable sequence:
                {
                    var items = new List<object?>();
                    foreach (var item in sequence)
                    {
                        items.Add(Convert(item, $"{path}[{items.Count}]", depth + 1));
                    }

                    return new PyList(items);
                }

            default:
                throw new ArgumentException(
                    $"Template variable '{path}' has type {value.GetType()}, which templates cannot use. Pass strings, numbers, booleans, null, " +
                    "lists (IEnumerable), dictionaries (IReadOnlyDictionary<string, object?> or IDictionary), JsonElement or JsonNode.",
                    nameof(value));
        }
    }

    private static object? FromJson(JsonElement e, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"Template variable '{path}' is nested more than {MaxDepth} levels deep.", nameof(e));
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                return e.GetString();
            case JsonValueKind.Number:
                return e.TryGetInt64(out var l) ? (object)l : e.GetDouble();
            case JsonValueKind.Array:
                {
                    var items = new List<object?>();
                    foreach (var item in e.EnumerateArray())
                    {
                        items.Add(FromJson(item, $"{path}[{items.Count}]", depth + 1));
                    }

                    return new PyList(items);
                }

            case JsonValueKind.Object:
                {
                    var dict = new PyDict();
                    foreach (var property in e.EnumerateObject())
                    {
                        dict.Set(property.Name, FromJson(property.Value, $"{path}.{property.Name}", depth + 1));
                    }

                    return dict;
                }

            default:
                throw new ArgumentException($"Template variable '{path}' has an unknown JSON value kind {e.ValueKind}.", nameof(e));
        }
    }

    private static object? FromJsonNode(JsonNode node, string path, int depth)
    {
        switch (node)
        {
            case JsonObject obj:
                {
                    var dict = new PyDict();
                    foreach (var (k, v) in obj)
                    {
                        dict.Set(k, v is null ? null : FromJsonNode(v, $"{path}.{k}", depth + 1));
                    }

                    return dict;
                }

            case JsonArray array:
                {
                    var items = new List<object?>(array.Count);
                    foreach (var item in array)
                    {
                        items.Add(item is null ? null : FromJsonNode(item, $"{path}[{items.Count}]", depth + 1));
                    }

                    return new PyList(items);
                }

            case JsonValue v when v.TryGetValue<JsonElement>(out var element):
                return FromJson(element, path, depth + 1);
            case JsonValue v when v.TryGetValue<object>(out var clr):
                return Convert(clr, path, depth + 1);
            default:
                return FromJson(JsonSerializer.SerializeToElement(node), path, depth + 1);
        }
    }
}
