using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Benny.Runtime.Registry;

/// <summary>
/// One JSON file being imported: loads it tolerantly (comments and trailing commas allowed), looks up
/// fields case-insensitively, converts values with clear errors that name the file and the JSON path.
/// </summary>
internal sealed class ImportFile
{
    private static readonly JsonDocumentOptions s_documentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private ImportFile(string path, string kind)
    {
        Path = path;
        Kind = kind;
    }

    /// <summary>Gets the full path of the file.</summary>
    public string Path { get; }

    /// <summary>Gets what the file is, for messages (for example <c>converter registry</c>).</summary>
    public string Kind { get; }

    /// <summary>Reads and parses a JSON file whose root must be an object.</summary>
    /// <param name="fullPath">The full path of the file.</param>
    /// <param name="kind">What the file is, for messages.</param>
    /// <param name="missingHint">What to do when the file does not exist.</param>
    /// <param name="file">The file context for later errors.</param>
    /// <returns>The parsed document; the caller disposes it.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="RegistryImportException">The file is not valid JSON or its root is not an object.</exception>
    public static JsonDocument Load(string fullPath, string kind, string missingHint, out ImportFile file)
    {
        file = new ImportFile(fullPath, kind);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException(
                string.Create(CultureInfo.InvariantCulture, $"The {kind} '{fullPath}' was not found. {missingHint}"),
                fullPath);
        }

        JsonDocument document;
        try
        {
            using FileStream stream = File.OpenRead(fullPath);
            document = JsonDocument.Parse(stream, s_documentOptions);
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is { } line
                ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}")
                : "";
            throw new RegistryImportException(
                string.Create(CultureInfo.InvariantCulture, $"The {kind} '{fullPath}' is not valid JSON{where}: {DescribeSyntaxError(ex)} Fix the JSON syntax of the file."),
                fullPath,
                ex.Path,
                ex);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            JsonValueKind rootKind = document.RootElement.ValueKind;
            document.Dispose();
            throw file.Error("$", $"the root must be a JSON object, but it is {Describe(rootKind)}.", "Wrap the content in { ... }.");
        }

        return document;
    }

    /// <summary>Creates the exception for a bad value.</summary>
    /// <param name="jsonPath">The JSON path of the value.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="remedy">What to do.</param>
    /// <returns>The exception to throw.</returns>
    public RegistryImportException Error(string jsonPath, string problem, string remedy)
        => new(
            string.Create(CultureInfo.InvariantCulture, $"The {Kind} '{Path}' is invalid at {jsonPath}: {problem} {remedy}"),
            Path,
            jsonPath);

    /// <summary>Gets the property <paramref name="name"/> of <paramref name="parent"/>, which must be a JSON object.</summary>
    /// <param name="parent">The object holding the property.</param>
    /// <param name="parentPath">The JSON path of <paramref name="parent"/> (<c>$</c> for the root).</param>
    /// <param name="name">The property name (matched as <see cref="TryGetProperty"/> does).</param>
    /// <param name="keyedBy">What the object's keys are, for the message (for example "model name").</param>
    /// <param name="example">A JSON snippet showing the expected shape, for the message.</param>
    /// <param name="path">The JSON path of the property, as spelled in the file.</param>
    /// <returns>The object.</returns>
    /// <exception cref="RegistryImportException">The property is missing or not an object.</exception>
    public JsonElement RequireObject(JsonElement parent, string parentPath, string name, string keyedBy, string example, out string path)
    {
        if (!TryGetProperty(parent, name, out JsonProperty property))
        {
            throw Error(Child(parentPath, name), $"the '{name}' object is missing.", $"Add {example}.");
        }

        path = Child(parentPath, property.Name);
        if (property.Value.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, $"'{name}' must be an object keyed by {keyedBy}, but it is {Describe(property.Value.ValueKind)}.", $"Write {example}.");
        }

        return property.Value;
    }

    /// <summary>Appends an object key to a JSON path: <c>$.a.b</c>, or <c>$.a['b.c']</c> when the key is not a plain word.</summary>
    /// <param name="parent">The parent path.</param>
    /// <param name="key">The key.</param>
    /// <returns>The child path.</returns>
    public static string Child(string parent, string key)
    {
        bool plain = key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-');
        return plain ? parent + "." + key : parent + "['" + key.Replace("'", "\\'", StringComparison.Ordinal) + "']";
    }

    /// <summary>Appends an array index to a JSON path.</summary>
    /// <param name="parent">The parent path.</param>
    /// <param name="index">The index.</param>
    /// <returns>The child path.</returns>
    public static string Index(string parent, int index)
        => string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");

    /// <summary>Describes a JSON value kind for messages ("a number", "an array", ...).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The description.</returns>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "undefined",
    };

    /// <summary>
    /// Finds a property of an object: an exact match first, else a case-insensitive one. A property whose
    /// value is JSON <c>null</c> counts as absent.
    /// </summary>
    /// <param name="obj">The object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="property">The property found.</param>
    /// <returns><see langword="true"/> when a non-null property was found.</returns>
    public static bool TryGetProperty(JsonElement obj, string name, out JsonProperty property)
    {
        JsonProperty? insensitive = null;
        foreach (JsonProperty candidate in obj.EnumerateObject())
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
            {
                property = candidate;
                return candidate.Value.ValueKind != JsonValueKind.Null;
            }

            if (insensitive is null && string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                insensitive = candidate;
            }
        }

        property = insensitive.GetValueOrDefault();
        return insensitive is { } found && found.Value.ValueKind != JsonValueKind.Null;
    }

    /// <summary>Finds the first of several alternative property names that is present (not null).</summary>
    /// <param name="obj">The object.</param>
    /// <param name="names">The names, in order of precedence.</param>
    /// <param name="property">The property found.</param>
    /// <returns><see langword="true"/> when one was found.</returns>
    public static bool TryGetFirst(JsonElement obj, IEnumerable<string> names, out JsonProperty property)
    {
        foreach (string name in names)
        {
            if (TryGetProperty(obj, name, out property))
            {
                return true;
            }
        }

        property = default;
        return false;
    }

    /// <summary>Reads an optional string field (the first present of <paramref name="names"/>).</summary>
    /// <param name="obj">The object.</param>
    /// <param name="objPath">The JSON path of the object.</param>
    /// <param name="names">The accepted names, in order of precedence.</param>
    /// <returns>The trimmed string, or <see langword="null"/> when absent, null or blank.</returns>
    /// <exception cref="RegistryImportException">The value is not a string.</exception>
    public string? GetOptionalString(JsonElement obj, string objPath, params string[] names)
    {
        if (!TryGetFirst(obj, names, out JsonProperty property))
        {
            return null;
        }

        if (property.Value.ValueKind != JsonValueKind.String)
        {
            throw Error(
                Child(objPath, property.Name),
                $"'{property.Name}' must be a string, but it is {Describe(property.Value.ValueKind)}.",
                "Write the value in quotes, or remove the field.");
        }

        string value = property.Value.GetString()!.Trim();
        return value.Length == 0 ? null : value;
    }

    /// <summary>Reads a number (or a string holding one) as a single-precision float.</summary>
    /// <param name="value">The value.</param>
    /// <param name="path">Its JSON path.</param>
    /// <returns>The number.</returns>
    /// <exception cref="RegistryImportException">The value is not a finite number.</exception>
    public float GetFloat(JsonElement value, string path)
    {
        double number = double.NaN;
        bool ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out number),
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
        if (!ok || !float.IsFinite((float)number))
        {
            throw Error(path, $"the value must be a number, but it is {DescribeValue(value)}.", "Write a number such as 0.7 (without quotes).");
        }

        return (float)number;
    }

    /// <summary>Reads a whole number (or a string holding one) as a 32-bit integer.</summary>
    /// <param name="value">The value.</param>
    /// <param name="path">Its JSON path.</param>
    /// <returns>The number.</returns>
    /// <exception cref="RegistryImportException">The value is not a whole number in range.</exception>
    public int GetInt32(JsonElement value, string path)
    {
        long number = GetInt64Core(value, path, "a whole number such as 512");
        if (number is < int.MinValue or > int.MaxValue)
        {
            throw Error(path, $"the value {number} is out of range.", string.Create(CultureInfo.InvariantCulture, $"Write a whole number between {int.MinValue} and {int.MaxValue}."));
        }

        return (int)number;
    }

    /// <summary>Reads a whole number (or a string holding one) as a 64-bit integer.</summary>
    /// <param name="value">The value.</param>
    /// <param name="path">Its JSON path.</param>
    /// <returns>The number.</returns>
    /// <exception cref="RegistryImportException">The value is not a whole number in range.</exception>
    public long GetInt64(JsonElement value, string path) => GetInt64Core(value, path, "a whole number such as 42");

    /// <summary>Reads a boolean (or a string <c>true</c>/<c>false</c>).</summary>
    /// <param name="value">The value.</param>
    /// <param name="path">Its JSON path.</param>
    /// <returns>The boolean.</returns>
    /// <exception cref="RegistryImportException">The value is not a boolean.</exception>
    public bool GetBoolean(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String when bool.TryParse(value.GetString()?.Trim(), out bool parsed): return parsed;
            default:
                throw Error(path, $"the value must be true or false, but it is {DescribeValue(value)}.", "Write true or false (without quotes).");
        }
    }

    /// <summary>Describes a value for messages: its kind, and the text of short scalars.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The description.</returns>
    public static string DescribeValue(JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            string raw = value.GetRawText();
            if (raw.Length <= 40)
            {
                return Describe(value.ValueKind) + " (" + raw + ")";
            }
        }

        return Describe(value.ValueKind);
    }

    /// <summary>Joins names for messages: <c>'a', 'b'</c>.</summary>
    /// <param name="names">The names.</param>
    /// <returns>The list, or <c>(none)</c>.</returns>
    public static string QuoteList(IEnumerable<string> names)
    {
        var builder = new StringBuilder();
        foreach (string name in names)
        {
            if (builder.Length > 0)
            {
                builder.Append(", ");
            }

            builder.Append('\'').Append(name).Append('\'');
        }

        return builder.Length == 0 ? "(none)" : builder.ToString();
    }

    /// <summary>The reader's message without its zero-based position suffix (the caller reports a one-based one).</summary>
    private static string DescribeSyntaxError(JsonException exception)
    {
        string message = exception.Message;
        foreach (string marker in (string[])[" Path: ", " LineNumber: "])
        {
            int index = message.IndexOf(marker, StringComparison.Ordinal);
            if (index > 0)
            {
                message = message[..index];
            }
        }

        message = message.TrimEnd();
        return message.EndsWith('.') ? message : message + ".";
    }

    private long GetInt64Core(JsonElement value, string path, string example)
    {
        long number = 0;
        bool ok = false;
        if (value.ValueKind == JsonValueKind.Number)
        {
            ok = value.TryGetInt64(out number);
            if (!ok && value.TryGetDouble(out double d) && double.IsInteger(d) && d >= long.MinValue && d < long.MaxValue)
            {
                number = (long)d;
                ok = true;
            }
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            ok = long.TryParse(value.GetString()?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number);
        }

        if (!ok)
        {
            throw Error(path, $"the value must be a whole number, but it is {DescribeValue(value)}.", $"Write {example} (without quotes).");
        }

        return number;
    }
}
