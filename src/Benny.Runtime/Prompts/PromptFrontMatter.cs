using System.Globalization;
using Benny.Runtime.Presets;
using Benny.Runtime.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Benny.Runtime.Prompts;

/// <summary>The parsed YAML front matter of a prompt file.</summary>
internal sealed class PromptFrontMatter
{
    private static readonly Dictionary<string, GenerationParameters> SettingKeys = new(StringComparer.Ordinal)
    {
        ["temperature"] = GenerationParameters.Temperature,
        ["top_p"] = GenerationParameters.TopP,
        ["topP"] = GenerationParameters.TopP,
        ["top_k"] = GenerationParameters.TopK,
        ["topK"] = GenerationParameters.TopK,
        ["min_p"] = GenerationParameters.MinP,
        ["minP"] = GenerationParameters.MinP,
        ["max_tokens"] = GenerationParameters.MaxOutputTokens,
        ["max_output_tokens"] = GenerationParameters.MaxOutputTokens,
        ["maxOutputTokens"] = GenerationParameters.MaxOutputTokens,
        ["seed"] = GenerationParameters.Seed,
        ["stop"] = GenerationParameters.StopSequences,
        ["stop_sequences"] = GenerationParameters.StopSequences,
        ["stopSequences"] = GenerationParameters.StopSequences,
        ["frequency_penalty"] = GenerationParameters.FrequencyPenalty,
        ["frequencyPenalty"] = GenerationParameters.FrequencyPenalty,
        ["presence_penalty"] = GenerationParameters.PresencePenalty,
        ["presencePenalty"] = GenerationParameters.PresencePenalty,
        ["repetition_penalty"] = GenerationParameters.RepetitionPenalty,
        ["repetitionPenalty"] = GenerationParameters.RepetitionPenalty,
    };

    private readonly string _path;
    private readonly int _lineOffset;

    private PromptFrontMatter(string path, int lineOffset)
    {
        _path = path;
        _lineOffset = lineOffset;
    }

    /// <summary>Gets the <c>model</c> value.</summary>
    public string? Model { get; private set; }

    /// <summary>Gets the declared input variables, in file order.</summary>
    public List<PromptVariable> Schema { get; } = [];

    /// <summary>Gets the generation settings (top level, overridden by <c>config:</c>).</summary>
    public GenerationPreset Settings { get; } = new();

    /// <summary>Gets the keys Benny does not interpret.</summary>
    public Dictionary<string, object?> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>Parses front matter YAML.</summary>
    /// <param name="yaml">The text between the <c>---</c> lines; empty for none.</param>
    /// <param name="path">The file, for messages.</param>
    /// <param name="lineOffset">What to add to a YAML line number to get the file line number.</param>
    /// <exception cref="PromptFormatException">The YAML is malformed or a known key has a bad value.</exception>
    public static PromptFrontMatter Parse(string yaml, string path, int lineOffset)
    {
        var result = new PromptFrontMatter(path, lineOffset);
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return result;
        }

        YamlNode? root = result.Load(yaml);
        if (root is null || IsNull(root))
        {
            return result;
        }

        if (root is not YamlMappingNode map)
        {
            throw result.Error(root, "the front matter must be a YAML mapping of keys to values.");
        }

        YamlMappingNode? config = null;
        foreach ((YamlNode keyNode, YamlNode value) in map.Children)
        {
            string key = result.KeyOf(keyNode);
            switch (key)
            {
                case "model":
                    result.Model = IsNull(value) ? null : result.Scalar(value, key);
                    break;
                case "input":
                    result.ParseInput(value);
                    break;
                case "config":
                    config = IsNull(value) ? null : value as YamlMappingNode ?? throw result.Error(value, "'config' must be a mapping of generation settings.");
                    break;
                default:
                    if (!SettingKeys.ContainsKey(key))
                    {
                        result.Metadata[key] = ToPlain(value);
                    }

                    break;
            }
        }

        result.ApplySettings(map, scope: null);
        if (config is not null)
        {
            result.ApplySettings(config, scope: "config");
            var unknown = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach ((YamlNode keyNode, YamlNode value) in config.Children)
            {
                string key = result.KeyOf(keyNode);
                if (!SettingKeys.ContainsKey(key))
                {
                    unknown[key] = ToPlain(value);
                }
            }

            if (unknown.Count > 0)
            {
                result.Metadata["config"] = unknown;
            }
        }

        return result;
    }

    private YamlNode? Load(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count > 1)
            {
                throw new PromptFormatException(_path, "the front matter holds more than one YAML document.", null);
            }

            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            string problem = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
            throw new PromptFormatException(
                _path,
                $"malformed YAML front matter at line {e.Start.Line + _lineOffset}, column {e.Start.Column}: {problem}",
                e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this (instead of a YamlException) for some unterminated flow collections.
            string where = parser.Current is { } current ? $" near line {current.Start.Line + _lineOffset}, column {current.Start.Column}" : string.Empty;
            throw new PromptFormatException(
                _path,
                $"malformed YAML front matter{where}: the YAML parser stopped there (an unterminated '[' or '{{' list or map?).",
                e);
        }
    }

    private void ParseInput(YamlNode input)
    {
        if (IsNull(input))
        {
            return;
        }

        if (input is not YamlMappingNode inputMap)
        {
            throw Error(input, "'input' must be a mapping (with a 'schema' key).");
        }

        var unknown = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach ((YamlNode keyNode, YamlNode value) in inputMap.Children)
        {
            string key = KeyOf(keyNode);
            if (key == "schema")
            {
                ParseSchema(value);
            }
            else
            {
                unknown[key] = ToPlain(value);
            }
        }

        if (unknown.Count > 0)
        {
            Metadata["input"] = unknown;
        }
    }

    private void ParseSchema(YamlNode schema)
    {
        if (IsNull(schema))
        {
            return;
        }

        if (schema is not YamlMappingNode schemaMap)
        {
            throw Error(schema, "'input.schema' must be a mapping of variable names to types (for example 'name: string').");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach ((YamlNode keyNode, YamlNode value) in schemaMap.Children)
        {
            string rawName = KeyOf(keyNode).Trim();
            bool required = !rawName.EndsWith('?');
            string name = required ? rawName : rawName[..^1].TrimEnd();
            if (name.Length == 0)
            {
                throw Error(keyNode, $"'input.schema' has a variable with no name ('{rawName}').");
            }

            if (name.Contains('(', StringComparison.Ordinal))
            {
                throw Error(keyNode, $"'input.schema' variable '{rawName}': the Picoschema form 'name(type)' is not supported; write 'name: type' or 'name: {{ type: ... }}'.");
            }

            string? typeText;
            string? description = null;
            switch (value)
            {
                case YamlScalarNode scalar when IsNull(scalar):
                    typeText = null;
                    break;
                case YamlScalarNode scalar:
                    string text = scalar.Value ?? string.Empty;
                    int comma = text.IndexOf(',', StringComparison.Ordinal);
                    typeText = (comma < 0 ? text : text[..comma]).Trim();
                    description = comma < 0 ? null : text[(comma + 1)..].Trim() is { Length: > 0 } d ? d : null;
                    break;
                case YamlMappingNode objectForm:
                    typeText = "object";
                    foreach ((YamlNode propertyKey, YamlNode propertyValue) in objectForm.Children)
                    {
                        switch (KeyOf(propertyKey))
                        {
                            case "type":
                                typeText = Scalar(propertyValue, $"input.schema.{name}.type");
                                break;
                            case "description":
                                description = IsNull(propertyValue) ? null : Scalar(propertyValue, $"input.schema.{name}.description");
                                break;
                            case "required":
                                required = ParseBool(propertyValue, $"input.schema.{name}.required");
                                break;
                            default:
                                break; // a nested Picoschema object: its properties are not checked.
                        }
                    }

                    break;
                default:
                    throw Error(value, $"'input.schema' variable '{name}' must have a type such as 'string' (got a list).");
            }

            PromptVariableType type = typeText is null ? PromptVariableType.Any : ParseType(typeText, name, value);
            if (!names.Add(name))
            {
                throw Error(keyNode, $"'input.schema' declares the variable '{name}' twice.");
            }

            Schema.Add(new PromptVariable(name, type, required, description));
        }
    }

    private PromptVariableType ParseType(string text, string name, YamlNode node) => text.ToUpperInvariant() switch
    {
        "" or "ANY" => PromptVariableType.Any,
        "STRING" or "STR" => PromptVariableType.String,
        "INTEGER" or "INT" => PromptVariableType.Integer,
        "NUMBER" or "FLOAT" => PromptVariableType.Number,
        "BOOLEAN" or "BOOL" => PromptVariableType.Boolean,
        "ARRAY" or "LIST" => PromptVariableType.Array,
        "OBJECT" or "DICT" => PromptVariableType.Object,
        _ => throw Error(node, $"'input.schema' variable '{name}' has the unknown type '{text}'; expected string, integer, number, boolean, array, object or any."),
    };

    private void ApplySettings(YamlMappingNode map, string? scope)
    {
        GenerationParameters seen = GenerationParameters.None;
        foreach ((YamlNode keyNode, YamlNode value) in map.Children)
        {
            string key = KeyOf(keyNode);
            if (!SettingKeys.TryGetValue(key, out GenerationParameters parameter))
            {
                continue;
            }

            string where = scope is null ? key : $"{scope}.{key}";
            if ((seen & parameter) != 0)
            {
                throw Error(keyNode, $"'{where}' sets {parameter} a second time (through another name for the same setting).");
            }

            seen |= parameter;
            if (IsNull(value))
            {
                continue;
            }

            switch (parameter)
            {
                case GenerationParameters.Temperature:
                    Settings.Temperature = Float(value, where, GenerationParameterRanges.Temperature);
                    break;
                case GenerationParameters.TopP:
                    Settings.TopP = Float(value, where, GenerationParameterRanges.TopP);
                    break;
                case GenerationParameters.TopK:
                    Settings.TopK = Int32(value, where, GenerationParameterRanges.TopK);
                    break;
                case GenerationParameters.MinP:
                    Settings.MinP = Float(value, where, GenerationParameterRanges.MinP);
                    break;
                case GenerationParameters.MaxOutputTokens:
                    Settings.MaxOutputTokens = Int32(value, where, GenerationParameterRanges.MaxOutputTokens);
                    break;
                case GenerationParameters.Seed:
                    Settings.Seed = Integer(value, where, long.MinValue, long.MaxValue, "a whole number");
                    break;
                case GenerationParameters.FrequencyPenalty:
                    Settings.FrequencyPenalty = Float(value, where, GenerationParameterRanges.FrequencyPenalty);
                    break;
                case GenerationParameters.PresencePenalty:
                    Settings.PresencePenalty = Float(value, where, GenerationParameterRanges.PresencePenalty);
                    break;
                case GenerationParameters.RepetitionPenalty:
                    Settings.RepetitionPenalty = Float(value, where, GenerationParameterRanges.RepetitionPenalty);
                    break;
                case GenerationParameters.StopSequences:
                    Settings.StopSequences = Stops(value, where);
                    break;
                default:
                    break;
            }
        }
    }

    private List<string> Stops(YamlNode value, string where)
    {
        if (value is YamlSequenceNode list)
        {
            var stops = new List<string>(list.Children.Count);
            foreach (YamlNode item in list.Children)
            {
                string stop = Scalar(item, where);
                if (stop.Length == 0)
                {
                    throw Error(item, $"'{where}' has an empty stop sequence.");
                }

                stops.Add(stop);
            }

            return stops;
        }

        string single = Scalar(value, where);
        return single.Length == 0 ? throw Error(value, $"'{where}' is an empty stop sequence.") : [single];
    }

    /// <summary>Reads a number checked against its range in <see cref="GenerationParameterRanges"/>.</summary>
    private float Float(YamlNode value, string where, GenerationParameterRange range)
    {
        string text = Scalar(value, where);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) || !range.Contains(parsed))
        {
            throw Error(value, $"'{where}' must be a number {range.Describe()} (got '{text}').");
        }

        return (float)parsed;
    }

    /// <summary>Reads a whole number checked against its range in <see cref="GenerationParameterRanges"/>.</summary>
    private int Int32(YamlNode value, string where, GenerationParameterRange range)
    {
        string text = Scalar(value, where);
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed) || !range.Contains(parsed))
        {
            throw Error(value, $"'{where}' must be a whole number {range.Describe()} (got '{text}').");
        }

        return parsed;
    }

    private long Integer(YamlNode value, string where, long min, long max, string expected)
    {
        string text = Scalar(value, where);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed) || parsed < min || parsed > max)
        {
            throw Error(value, $"'{where}' must be {expected} (got '{text}').");
        }

        return parsed;
    }

    private bool ParseBool(YamlNode value, string where)
    {
        string text = Scalar(value, where);
        return bool.TryParse(text, out bool parsed) ? parsed : throw Error(value, $"'{where}' must be true or false (got '{text}').");
    }

    private string Scalar(YamlNode node, string where) =>
        node is YamlScalarNode scalar
            ? scalar.Value ?? string.Empty
            : throw Error(node, $"'{where}' must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}.");

    private string KeyOf(YamlNode key) =>
        key is YamlScalarNode { Value: { } text } ? text : throw Error(key, "a front matter key must be a plain text key.");

    private PromptFormatException Error(YamlNode node, string problem) =>
        new(_path, $"{problem} (front matter line {node.Start.Line + _lineOffset})", null);

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>Converts a YAML node to plain CLR values, resolving plain scalars as YAML's core schema does.</summary>
    private static object? ToPlain(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach ((YamlNode key, YamlNode value) in map.Children)
                {
                    dictionary[(key as YamlScalarNode)?.Value ?? key.ToString()] = ToPlain(value);
                }

                return dictionary;
            case YamlSequenceNode list:
                return list.Children.Select(ToPlain).ToList();
            case YamlScalarNode scalar when IsNull(scalar):
                return null;
            case YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } text }:
                if (text is "true" or "True" or "TRUE") { return true; }
                if (text is "false" or "False" or "FALSE") { return false; }
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer)) { return integer; }
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double real)) { return real; }
                return text;
            case YamlScalarNode scalar:
                return scalar.Value;
            default:
                return node.ToString();
        }
    }
}
