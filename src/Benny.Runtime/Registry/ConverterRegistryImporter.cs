using System.Text.Json;
using System.Text.RegularExpressions;

namespace Benny.Runtime.Registry;

/// <summary>
/// Imports the model converter's <c>registry.json</c>: every entry under <c>models</c> becomes a
/// <see cref="ModelDefinition"/> for an OpenVINO IR folder (or another engine's artifact).
/// </summary>
/// <remarks>
/// <para>
/// An entry is either a string (the folder) or an object. In an object the folder is read from the first
/// of <c>path</c>, <c>output_dir</c>, <c>ir_path</c>, <c>folder</c> and <c>dir</c> that is present; the optional
/// fields are <c>weight_format</c>, <c>task</c>, <c>source_model</c> (else <c>model_id</c>, else
/// <c>hf_model_id</c>), <c>engine</c> (default <c>openvino</c>) and <c>device</c>. Other fields are ignored.
/// Field names match case-insensitively; JSON comments and trailing commas are accepted.
/// </para>
/// <para>
/// Relative folders resolve against the folder of <c>registry.json</c>; a leading <c>~</c> means the user's
/// home folder. When the model folder holds a <c>conversion.json</c>, its <c>source_model</c>/<c>model_id</c>,
/// <c>task</c> and <c>weight_format</c> fill what the registry entry leaves out (the entry wins). A weight format
/// still unknown is taken from a folder name segment <c>wf-&lt;format&gt;</c> (such as
/// <c>task-text-generation-with-past__wf-int8</c>).
/// </para>
/// <para>
/// A model folder that does not exist is not an error (it may be provisioned later); the definition's
/// <see cref="ModelDefinition.Metadata"/> entry <c>folder_exists</c> records whether it existed at import time.
/// </para>
/// </remarks>
public static partial class ConverterRegistryImporter
{
    /// <summary>The value of the <c>importer</c> metadata entry on definitions made by this importer.</summary>
    public const string ImporterName = "converter-registry";

    /// <summary>The engine of entries that do not name one.</summary>
    public const string DefaultEngine = "openvino";

    private const string FileKind = "converter registry";
    private const string ConversionFileName = "conversion.json";

    private static readonly string[] s_folderFields = ["path", "output_dir", "ir_path", "folder", "dir"];
    private static readonly string[] s_sourceModelFields = ["source_model", "model_id", "hf_model_id"];

    /// <summary>Reads a converter <c>registry.json</c> and returns one model definition per entry, in file order.</summary>
    /// <param name="registryJsonPath">The path of <c>registry.json</c>; relative to the current folder, a leading <c>~</c> means the home folder.</param>
    /// <returns>
    /// The definitions: <see cref="ModelDefinition.Name"/> is the entry's key, <see cref="ModelDefinition.Path"/> the full
    /// folder path, and <see cref="ModelDefinition.Metadata"/> holds <c>source_model</c> and <c>task</c> (when known),
    /// <c>importer</c> (<c>converter-registry</c>), <c>import_file</c> (the full path of <c>registry.json</c>) and
    /// <c>folder_exists</c> (<c>true</c> or <c>false</c>).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="registryJsonPath"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="registryJsonPath"/> is empty or white space.</exception>
    /// <exception cref="FileNotFoundException">The registry file does not exist.</exception>
    /// <exception cref="RegistryImportException">
    /// The registry file or a model folder's <c>conversion.json</c> is not valid JSON, <c>models</c> is missing or not an
    /// object, an entry has no folder, a field has the wrong kind of value, or two entries have the same name.
    /// </exception>
    /// <exception cref="IOException">A file could not be read.</exception>
    public static IReadOnlyList<ModelDefinition> Import(string registryJsonPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(registryJsonPath);
        string fullPath = PathExpansion.GetFullPath(registryJsonPath.Trim());
        string baseFolder = System.IO.Path.GetDirectoryName(fullPath)!;

        using JsonDocument document = ImportFile.Load(
            fullPath,
            FileKind,
            "Check the path under Benny:Import:ConverterRegistries, or run the model converter to create it.",
            out ImportFile file);

        JsonElement models = file.RequireObject(
            document.RootElement, "$", "models", "model name", "\"models\": { \"<model name>\": { \"path\": \"<converted model folder>\" } }", out string modelsPath);

        var definitions = new List<ModelDefinition>();
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty entry in models.EnumerateObject())
        {
            string entryPath = ImportFile.Child(modelsPath, entry.Name);
            string name = entry.Name.Trim();
            if (name.Length == 0)
            {
                throw file.Error(entryPath, "a model name is empty.", "Give the entry a model name such as \"benny-route-s\".");
            }

            if (seen.TryGetValue(name, out string? firstPath))
            {
                throw file.Error(entryPath, $"the model name '{name}' is already used at {firstPath} (names are case-insensitive).", "Remove or rename one of the entries.");
            }

            seen.Add(name, entryPath);
            definitions.Add(ReadEntry(file, baseFolder, name, entry.Value, entryPath));
        }

        return definitions;
    }

    private static ModelDefinition ReadEntry(ImportFile file, string baseFolder, string name, JsonElement entry, string entryPath)
    {
        string folder;
        string? weightFormat = null, task = null, sourceModel = null, engine = null, device = null;
        switch (entry.ValueKind)
        {
            case JsonValueKind.String:
                folder = entry.GetString()!.Trim();
                if (folder.Length == 0)
                {
                    throw file.Error(entryPath, "the model folder is empty.", "Write the converted model folder, or an object with \"path\".");
                }

                break;

            case JsonValueKind.Object:
                folder = ReadFolder(file, entry, entryPath);
                weightFormat = file.GetOptionalString(entry, entryPath, "weight_format");
                task = file.GetOptionalString(entry, entryPath, "task");
                sourceModel = file.GetOptionalString(entry, entryPath, s_sourceModelFields);
                engine = file.GetOptionalString(entry, entryPath, "engine");
                device = file.GetOptionalString(entry, entryPath, "device");
                break;

            default:
                throw file.Error(
                    entryPath,
                    $"a model entry must be a string (the folder) or an object, but it is {ImportFile.Describe(entry.ValueKind)}.",
                    "Write \"<model name>\": \"<folder>\" or \"<model name>\": { \"path\": \"<folder>\" }.");
        }

        string fullFolder = System.IO.Path.TrimEndingDirectorySeparator(
            PathExpansion.GetFullPath(folder, baseFolder));
        bool folderExists = Directory.Exists(fullFolder);

        if (folderExists && (weightFormat is null || task is null || sourceModel is null))
        {
            string conversionPath = System.IO.Path.Combine(fullFolder, ConversionFileName);
            if (File.Exists(conversionPath))
            {
                ReadConversion(conversionPath, ref weightFormat, ref task, ref sourceModel);
            }
        }

        weightFormat ??= InferWeightFormat(fullFolder);

        var definition = new ModelDefinition
        {
            Name = name,
            Engine = engine ?? DefaultEngine,
            Path = fullFolder,
            WeightFormat = weightFormat,
            Device = device,
        };

        if (sourceModel is not null)
        {
            definition.Metadata["source_model"] = sourceModel;
        }

        if (task is not null)
        {
            definition.Metadata["task"] = task;
        }

        definition.Metadata["importer"] = ImporterName;
        definition.Metadata["import_file"] = file.Path;
        definition.Metadata["folder_exists"] = folderExists ? "true" : "false";
        return definition;
    }

    private static string ReadFolder(ImportFile file, JsonElement entry, string entryPath)
    {
        if (!ImportFile.TryGetFirst(entry, s_folderFields, out JsonProperty property))
        {
            throw file.Error(
                entryPath,
                "the entry does not say where the converted model is.",
                "Add \"path\": \"<converted model folder>\" (also accepted: output_dir, ir_path, folder, dir).");
        }

        string fieldPath = ImportFile.Child(entryPath, property.Name);
        if (property.Value.ValueKind != JsonValueKind.String)
        {
            throw file.Error(
                fieldPath,
                $"'{property.Name}' must be a string (the converted model folder), but it is {ImportFile.Describe(property.Value.ValueKind)}.",
                "Write the folder in quotes.");
        }

        string folder = property.Value.GetString()!.Trim();
        if (folder.Length == 0)
        {
            throw file.Error(fieldPath, $"'{property.Name}' is empty.", "Write the converted model folder.");
        }

        return folder;
    }

    private static void ReadConversion(string conversionPath, ref string? weightFormat, ref string? task, ref string? sourceModel)
    {
        using JsonDocument document = ImportFile.Load(
            conversionPath,
            "conversion file",
            "It was removed while importing; run the import again.",
            out ImportFile file);
        JsonElement root = document.RootElement;
        sourceModel ??= file.GetOptionalString(root, "$", s_sourceModelFields);
        task ??= file.GetOptionalString(root, "$", "task");
        weightFormat ??= file.GetOptionalString(root, "$", "weight_format");
    }

    /// <summary>Finds a weight format in a <c>wf-&lt;format&gt;</c> segment of the folder name, or of a parent's.</summary>
    /// <param name="folder">The full folder path.</param>
    /// <returns>The format as written (for example <c>int8</c>), or <see langword="null"/>.</returns>
    internal static string? InferWeightFormat(string folder)
    {
        string? current = folder;
        while (!string.IsNullOrEmpty(current))
        {
            Match match = WeightFormatSegment().Match(System.IO.Path.GetFileName(current));
            if (match.Success)
            {
                return match.Groups["format"].Value;
            }

            current = System.IO.Path.GetDirectoryName(current);
        }

        return null;
    }

    [GeneratedRegex(@"(?:^|[_.\-])wf-(?<format>[A-Za-z0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex WeightFormatSegment();
}
