using System.Text.Json;
using System.Text.RegularExpressions;

namespace Benny.Engines.OpenVino;

/// <summary>
/// A converted OpenVINO model folder, as written by <c>optimum-cli export openvino --task text-generation-with-past</c>:
/// the model IR (<c>openvino_model.xml</c>/<c>.bin</c>), the tokenizer and detokenizer IR, and optionally the converter's
/// <c>conversion.json</c>. Create one with <see cref="Validate"/>.
/// </summary>
/// <param name="Path">The full path of the folder.</param>
/// <param name="WeightFormat">The weight format (<c>int4</c>, <c>int8</c>, <c>fp16</c>, ...) from <c>conversion.json</c>, else from a <c>wf-&lt;format&gt;</c> segment of the folder name; <see langword="null"/> when neither gives one.</param>
/// <param name="SourceModel">The model the folder was converted from (<c>conversion.json</c>'s <c>source_model</c>, <c>model_id</c> or <c>hf_model_id</c>), if known.</param>
/// <param name="Task">The export task (<c>conversion.json</c>'s <c>task</c>), if known.</param>
/// <param name="ConversionFile">The full path of <c>conversion.json</c>, or <see langword="null"/> when the folder has none.</param>
public sealed partial record OpenVinoModelFolder(string Path, string? WeightFormat, string? SourceModel, string? Task, string? ConversionFile)
{
    /// <summary>The file name of the converter's description of the conversion.</summary>
    public const string ConversionFileName = "conversion.json";

    /// <summary>The files every model folder must hold.</summary>
    public static IReadOnlyList<string> RequiredFiles { get; } =
    [
        "openvino_model.xml", "openvino_model.bin",
        "openvino_tokenizer.xml", "openvino_tokenizer.bin",
        "openvino_detokenizer.xml", "openvino_detokenizer.bin",
    ];

    private static readonly string[] s_sourceModelFields = ["source_model", "model_id", "hf_model_id"];

    /// <summary>Checks that <paramref name="folder"/> is a complete converted model and reads what it says about itself.</summary>
    /// <param name="folder">The folder; relative to the current folder, a leading <c>~</c> means the home folder.</param>
    /// <returns>The folder's description.</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is <see langword="null"/>, empty or white space.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist (the message says how to convert a model).</exception>
    /// <exception cref="FileNotFoundException">
    /// Required files are missing; the message names the folder and every missing file, and says how to convert the model
    /// again. <see cref="FileNotFoundException.FileName"/> is the first missing file.
    /// </exception>
    /// <exception cref="InvalidDataException"><c>conversion.json</c> is not a valid JSON object (the message names the file).</exception>
    /// <exception cref="IOException"><c>conversion.json</c> could not be read.</exception>
    public static OpenVinoModelFolder Validate(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        string path = System.IO.Path.TrimEndingDirectorySeparator(Benny.Runtime.PathExpansion.GetFullPath(folder.Trim()));
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException(
                $"The OpenVINO model folder '{path}' does not exist. Check the model's Path, or convert the model into it: {ConvertCommand(path)}");
        }

        string[] missing = RequiredFiles.Where(name => !File.Exists(System.IO.Path.Combine(path, name))).ToArray();
        if (missing.Length > 0)
        {
            throw new FileNotFoundException(
                $"The OpenVINO model folder '{path}' is incomplete: {string.Join(", ", missing)} {(missing.Length == 1 ? "is" : "are")} missing. "
                + $"Convert the model again: {ConvertCommand(path)} (the tokenizer and detokenizer IR are written only when the openvino-tokenizers package is installed: pip install openvino-tokenizers).",
                System.IO.Path.Combine(path, missing[0]));
        }

        string conversionPath = System.IO.Path.Combine(path, ConversionFileName);
        string? weightFormat = null, sourceModel = null, task = null;
        string? conversionFile = null;
        if (File.Exists(conversionPath))
        {
            conversionFile = conversionPath;
            ReadConversion(conversionPath, out weightFormat, out sourceModel, out task);
        }

        return new OpenVinoModelFolder(path, weightFormat ?? InferWeightFormat(path), sourceModel, task, conversionFile);
    }

    /// <summary>Finds a weight format in a <c>wf-&lt;format&gt;</c> segment of the folder's name, or of a parent's.</summary>
    /// <param name="folder">A folder path.</param>
    /// <returns>The format as written (for example <c>int4</c>), or <see langword="null"/>.</returns>
    internal static string? InferWeightFormat(string folder)
    {
        for (string? current = System.IO.Path.TrimEndingDirectorySeparator(folder); !string.IsNullOrEmpty(current); current = System.IO.Path.GetDirectoryName(current))
        {
            Match match = WeightFormatSegment().Match(System.IO.Path.GetFileName(current));
            if (match.Success)
            {
                return match.Groups["format"].Value;
            }
        }

        return null;
    }

    /// <summary>The same folder path with the <c>wf-&lt;format&gt;</c> segment of its own name replaced, or <see langword="null"/> when its name has none.</summary>
    internal static string? WithWeightFormat(string folder, string weightFormat)
    {
        string trimmed = System.IO.Path.TrimEndingDirectorySeparator(folder);
        string name = System.IO.Path.GetFileName(trimmed);
        Match match = WeightFormatSegment().Match(name);
        if (!match.Success)
        {
            return null;
        }

        Group format = match.Groups["format"];
        string renamed = string.Concat(name.AsSpan(0, format.Index), weightFormat, name.AsSpan(format.Index + format.Length));
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(trimmed) ?? "", renamed);
    }

    private static string ConvertCommand(string path)
        => $"optimum-cli export openvino --model <model id> --task text-generation-with-past --weight-format int4 \"{path}\"";

    private static void ReadConversion(string conversionPath, out string? weightFormat, out string? sourceModel, out string? task)
    {
        weightFormat = sourceModel = task = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(conversionPath), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(
                $"The conversion file '{conversionPath}' is not valid JSON ({e.Message}). Fix or delete it (it is optional), or convert the model again.", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException(
                    $"The conversion file '{conversionPath}' must hold a JSON object, but it holds {root.ValueKind.ToString().ToLowerInvariant()}. Fix or delete it (it is optional).");
            }

            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String || property.Value.GetString() is not { Length: > 0 } value)
                {
                    continue; // extra or non-text fields are not ours to judge
                }

                if (weightFormat is null && Is(property, "weight_format"))
                {
                    weightFormat = value;
                }
                else if (task is null && Is(property, "task"))
                {
                    task = value;
                }
            }

            foreach (string field in s_sourceModelFields)
            {
                sourceModel ??= root.EnumerateObject()
                    .Where(p => Is(p, field) && p.Value.ValueKind == JsonValueKind.String)
                    .Select(p => p.Value.GetString())
                    .FirstOrDefault(v => !string.IsNullOrEmpty(v));
            }
        }
    }

    private static bool Is(JsonProperty property, string name) => string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"(?:^|[_.\-])wf-(?<format>[A-Za-z0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex WeightFormatSegment();
}
