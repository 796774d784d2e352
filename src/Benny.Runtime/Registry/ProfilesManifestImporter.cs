using System.Globalization;
using System.Text.Json;
using Benny.Runtime.Presets;
using Benny.Runtime.Validation;

namespace Benny.Runtime.Registry;

/// <summary>
/// Imports the active profile of a profiles manifest (such as <c>configs/llm_models.json</c>): every role under
/// <c>profiles.&lt;profile&gt;.models</c> becomes an alias named after the role, and a role that names a
/// <c>provider</c> also defines its target model.
/// </summary>
/// <remarks>
/// <para>
/// The active profile is the <c>profile</c> argument, else the <c>BENNY_PROFILE</c> environment variable
/// (<see cref="BennyOptions.ProfileEnvironmentVariable"/>), else <c>default</c>. Profile names match exactly,
/// else case-insensitively.
/// </para>
/// <para>
/// A role is a string (the model name) or an object with <c>name</c> (else <c>model</c>), optional <c>provider</c>,
/// <c>auto_download</c> and <c>parameters</c>. Parameters map onto <see cref="GenerationPreset"/>: <c>temperature</c>,
/// <c>top_p</c>, <c>top_k</c>, <c>min_p</c>, <c>repeat_penalty</c>/<c>repetition_penalty</c>, <c>frequency_penalty</c>,
/// <c>presence_penalty</c>, <c>num_predict</c>/<c>max_tokens</c>, <c>seed</c> and <c>stop</c>. Other parameters are
/// not applied; they are kept in the alias's <see cref="ModelDefinition.Metadata"/> as <c>parameters.&lt;name&gt;</c>.
/// Other fields are ignored.
/// </para>
/// </remarks>
public static class ProfilesManifestImporter
{
    /// <summary>The value of the <c>importer</c> metadata entry on definitions made by this importer.</summary>
    public const string ImporterName = "profiles-manifest";

    /// <summary>The profile used when neither the argument nor the environment names one.</summary>
    public const string DefaultProfile = "default";

    /// <summary>The prefix of metadata keys that keep parameters the importer does not map.</summary>
    public const string UnmappedParameterPrefix = "parameters.";

    private const string FileKind = "profiles manifest";

    private static readonly string[] s_nameFields = ["name", "model"];

    /// <summary>Reads the active profile of a profiles manifest and returns its aliases and target models.</summary>
    /// <param name="manifestPath">The path of the manifest; relative to the current folder, a leading <c>~</c> means the home folder.</param>
    /// <param name="profile">
    /// The profile to import; <see langword="null"/> or blank selects the <c>BENNY_PROFILE</c> environment variable,
    /// else <c>default</c>.
    /// </param>
    /// <returns>
    /// For each role, in file order: the target model (when the role has a <c>provider</c> and the model was not defined
    /// by an earlier role), then the alias named after the role. A role named like its model yields only the target,
    /// carrying the role's parameters.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="manifestPath"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="manifestPath"/> is empty or white space.</exception>
    /// <exception cref="FileNotFoundException">The manifest does not exist.</exception>
    /// <exception cref="RegistryImportException">
    /// The manifest is not valid JSON, <c>profiles</c> or the profile's <c>models</c> is missing or not an object, the
    /// profile does not exist, a role has no model name, a value has the wrong kind, one model is given two providers,
    /// or two definitions would get the same name.
    /// </exception>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static IReadOnlyList<ModelDefinition> Import(string manifestPath, string? profile)
        => Import(manifestPath, profile, Environment.GetEnvironmentVariable);

    /// <summary>Reads the active profile of a profiles manifest, reading environment variables through <paramref name="readEnvironment"/>.</summary>
    /// <param name="manifestPath">The path of the manifest.</param>
    /// <param name="profile">The profile to import, or <see langword="null"/>.</param>
    /// <param name="readEnvironment">Returns the value of an environment variable, or <see langword="null"/>.</param>
    /// <returns>The definitions.</returns>
    internal static IReadOnlyList<ModelDefinition> Import(string manifestPath, string? profile, Func<string, string?> readEnvironment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifestPath);
        ArgumentNullException.ThrowIfNull(readEnvironment);
        string fullPath = PathExpansion.GetFullPath(manifestPath.Trim());

        string profileSource;
        if (!string.IsNullOrWhiteSpace(profile))
        {
            profile = profile.Trim();
            profileSource = "requested";
        }
        else if (readEnvironment(BennyOptions.ProfileEnvironmentVariable) is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            profile = fromEnvironment.Trim();
            profileSource = $"selected by the {BennyOptions.ProfileEnvironmentVariable} environment variable";
        }
        else
        {
            profile = DefaultProfile;
            profileSource = "the default";
        }

        using JsonDocument document = ImportFile.Load(
            fullPath,
            FileKind,
            "Check the path under Benny:Import:ProfilesManifests.",
            out ImportFile file);

        JsonElement profiles = file.RequireObject(
            document.RootElement, "$", "profiles", "profile name", "\"profiles\": { \"default\": { \"models\": { ... } } }", out string profilesPath);

        if (!ImportFile.TryGetProperty(profiles, profile, out JsonProperty profileProperty))
        {
            IEnumerable<string> available = profiles.EnumerateObject().Select(p => p.Name);
            throw file.Error(
                ImportFile.Child(profilesPath, profile),
                $"the profile '{profile}' ({profileSource}) does not exist. Available profiles: {ImportFile.QuoteList(available)}.",
                $"Select one of them (Benny:Profile or the {BennyOptions.ProfileEnvironmentVariable} environment variable), or add the profile.");
        }

        string profileName = profileProperty.Name;
        string profilePath = ImportFile.Child(profilesPath, profileName);
        if (profileProperty.Value.ValueKind != JsonValueKind.Object)
        {
            throw file.Error(
                profilePath,
                $"a profile must be an object, but it is {ImportFile.Describe(profileProperty.Value.ValueKind)}.",
                "Write { \"models\": { \"<role>\": \"<model name>\" } }.");
        }

        JsonElement models = file.RequireObject(
            profileProperty.Value, profilePath, "models", "role", "\"models\": { \"<role>\": { \"name\": \"<model name>\" } }", out string modelsPath);

        var builder = new ResultBuilder(file, profileName);
        foreach (JsonProperty roleProperty in models.EnumerateObject())
        {
            builder.Add(ReadRole(file, roleProperty, ImportFile.Child(modelsPath, roleProperty.Name)));
        }

        return builder.Finish();
    }

    private static Role ReadRole(ImportFile file, JsonProperty roleProperty, string rolePath)
    {
        string roleName = roleProperty.Name.Trim();
        if (roleName.Length == 0)
        {
            throw file.Error(rolePath, "a role name is empty.", "Give the role a name such as \"general\".");
        }

        JsonElement value = roleProperty.Value;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                string shorthand = value.GetString()!.Trim();
                if (shorthand.Length == 0)
                {
                    throw file.Error(rolePath, $"the role '{roleName}' names no model.", "Write the model name, such as \"qwen2.5:7b\".");
                }

                return new Role(roleName, rolePath, shorthand, null, null, null, []);

            case JsonValueKind.Object:
                string? modelName = file.GetOptionalString(value, rolePath, s_nameFields);
                if (modelName is null)
                {
                    throw file.Error(
                        ImportFile.Child(rolePath, "name"),
                        $"the role '{roleName}' names no model.",
                        "Add \"name\": \"<model name>\".");
                }

                string? provider = file.GetOptionalString(value, rolePath, "provider");
                bool? autoDownload = ImportFile.TryGetProperty(value, "auto_download", out JsonProperty autoDownloadProperty)
                    ? file.GetBoolean(autoDownloadProperty.Value, ImportFile.Child(rolePath, autoDownloadProperty.Name))
                    : null;
                var unmapped = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                GenerationPreset? parameters = ImportFile.TryGetProperty(value, "parameters", out JsonProperty parametersProperty)
                    ? ReadParameters(file, parametersProperty.Value, ImportFile.Child(rolePath, parametersProperty.Name), unmapped)
                    : null;
                return new Role(roleName, rolePath, modelName, provider, autoDownload, parameters, unmapped);

            default:
                throw file.Error(
                    rolePath,
                    $"a role must be a string (the model name) or an object, but it is {ImportFile.Describe(value.ValueKind)}.",
                    "Write \"<role>\": \"<model name>\" or \"<role>\": { \"name\": \"<model name>\" }.");
        }
    }

    private static GenerationPreset? ReadParameters(ImportFile file, JsonElement parameters, string parametersPath, Dictionary<string, string> unmapped)
    {
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw file.Error(
                parametersPath,
                $"'parameters' must be an object, but it is {ImportFile.Describe(parameters.ValueKind)}.",
                "Write \"parameters\": { \"temperature\": 0.7, \"num_predict\": 512 }.");
        }

        var preset = new GenerationPreset();
        string? repetitionFrom = null, maxTokensFrom = null;
        foreach (JsonProperty parameter in parameters.EnumerateObject())
        {
            if (parameter.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            string path = ImportFile.Child(parametersPath, parameter.Name);
            JsonElement value = parameter.Value;
            switch (parameter.Name.ToLowerInvariant())
            {
                case "temperature": preset.Temperature = InRange(file, path, GenerationParameterRanges.Temperature, file.GetFloat(value, path)); break;
                case "top_p": preset.TopP = InRange(file, path, GenerationParameterRanges.TopP, file.GetFloat(value, path)); break;
                case "top_k": preset.TopK = InRange(file, path, GenerationParameterRanges.TopK, file.GetInt32(value, path)); break;
                case "min_p": preset.MinP = InRange(file, path, GenerationParameterRanges.MinP, file.GetFloat(value, path)); break;
                case "frequency_penalty": preset.FrequencyPenalty = InRange(file, path, GenerationParameterRanges.FrequencyPenalty, file.GetFloat(value, path)); break;
                case "presence_penalty": preset.PresencePenalty = InRange(file, path, GenerationParameterRanges.PresencePenalty, file.GetFloat(value, path)); break;
                case "seed": preset.Seed = file.GetInt64(value, path); break;
                case "stop": preset.StopSequences = ReadStop(file, value, path); break;
                case "repeat_penalty" or "repetition_penalty":
                    float repetition = InRange(file, path, GenerationParameterRanges.RepetitionPenalty, file.GetFloat(value, path));
                    CheckSynonym(file, path, parameter.Name, ref repetitionFrom, preset.RepetitionPenalty, repetition);
                    preset.RepetitionPenalty = repetition;
                    break;
                case "num_predict" or "max_tokens":
                    int maxTokens = InRange(file, path, GenerationParameterRanges.MaxOutputTokens, file.GetInt32(value, path));
                    CheckSynonym(file, path, parameter.Name, ref maxTokensFrom, preset.MaxOutputTokens, maxTokens);
                    preset.MaxOutputTokens = maxTokens;
                    break;
                default:
                    unmapped[UnmappedParameterPrefix + parameter.Name] =
                        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                    break;
            }
        }

        return preset.SetParameters == GenerationParameters.None ? null : preset;
    }

    /// <summary>Returns <paramref name="value"/> when it is in its range of <see cref="GenerationParameterRanges"/>.</summary>
    private static T InRange<T>(ImportFile file, string path, GenerationParameterRange range, T value)
        where T : struct, IConvertible
    {
        double number = value.ToDouble(CultureInfo.InvariantCulture);
        return range.Contains(number)
            ? value
            : throw file.Error(path, $"the value {number.ToString(CultureInfo.InvariantCulture)} is out of range.", $"Write a number {range.Describe()}.");
    }

    private static void CheckSynonym<T>(ImportFile file, string path, string name, ref string? firstName, T? existing, T value)
        where T : struct, IEquatable<T>
    {
        if (firstName is not null && existing is { } previous && !previous.Equals(value))
        {
            throw file.Error(
                path,
                FormattableString.Invariant($"'{name}' ({value}) contradicts '{firstName}' ({previous}); both set the same parameter."),
                "Keep one of them.");
        }

        firstName ??= name;
    }

    private static List<string> ReadStop(ImportFile file, JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw file.Error(
                path,
                $"'stop' must be a string or an array of strings, but it is {ImportFile.Describe(value.ValueKind)}.",
                "Write \"stop\": [\"</s>\", \"User:\"].");
        }

        var stops = new List<string>();
        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw file.Error(
                    ImportFile.Index(path, index),
                    $"a stop sequence must be a string, but it is {ImportFile.Describe(item.ValueKind)}.",
                    "Write every stop sequence in quotes.");
            }

            stops.Add(item.GetString()!);
            index++;
        }

        return stops;
    }

    private sealed record Role(
        string Name,
        string Path,
        string ModelName,
        string? Provider,
        bool? AutoDownload,
        GenerationPreset? Parameters,
        Dictionary<string, string> UnmappedParameters);

    /// <summary>Collects definitions in order, emits each target once, and rejects conflicts.</summary>
    private sealed class ResultBuilder(ImportFile file, string profile)
    {
        private readonly Dictionary<string, (ModelDefinition Definition, Role DefinedBy)> _targets = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Role> _aliases = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Role> _roles = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<Role> _selfRoles = [];
        private readonly List<ModelDefinition> _definitions = [];

        /// <summary>Applies the parameters of roles named like their model to that model's target, and returns the definitions.</summary>
        /// <returns>The definitions in order.</returns>
        public List<ModelDefinition> Finish()
        {
            foreach (Role role in _selfRoles)
            {
                // A role named like its model only carries parameters for that model. When no role of this
                // manifest defines the model (no provider), nothing is emitted: the model is defined elsewhere.
                if (_targets.TryGetValue(role.ModelName, out var target))
                {
                    target.Definition.Parameters = role.Parameters;
                    CopyUnmapped(role, target.Definition);
                }
            }

            return _definitions;
        }

        public void Add(Role role)
        {
            if (_roles.TryGetValue(role.Name, out Role? sameName))
            {
                throw file.Error(role.Path, $"the role '{role.Name}' is already defined at {sameName.Path} (names are case-insensitive).", "Remove or rename one of the roles.");
            }

            _roles.Add(role.Name, role);
            bool selfAlias = string.Equals(role.Name, role.ModelName, StringComparison.OrdinalIgnoreCase);

            if (role.Provider is not null)
            {
                AddOrMergeTarget(role);
            }

            if (selfAlias)
            {
                // An alias to itself is never produced; the parameters go to the target in Finish.
                _selfRoles.Add(role);
                return;
            }

            if (_targets.TryGetValue(role.Name, out var clash))
            {
                throw file.Error(
                    role.Path,
                    $"the role '{role.Name}' has the name of the model that the role '{clash.DefinedBy.Name}' defines.",
                    "Rename the role.");
            }

            var alias = new ModelDefinition { Name = role.Name, AliasOf = role.ModelName, Parameters = role.Parameters };
            AddCommonMetadata(alias);
            CopyUnmapped(role, alias);
            _aliases.Add(role.Name, role);
            _definitions.Add(alias);
        }

        private void AddOrMergeTarget(Role role)
        {
            if (_targets.TryGetValue(role.ModelName, out var existing))
            {
                if (!string.Equals(existing.Definition.Engine, role.Provider, StringComparison.OrdinalIgnoreCase))
                {
                    throw file.Error(
                        ImportFile.Child(role.Path, "provider"),
                        $"the roles '{existing.DefinedBy.Name}' and '{role.Name}' give the model '{role.ModelName}' different providers ('{existing.Definition.Engine}' and '{role.Provider}').",
                        "Use the same provider in both roles, or remove the provider from one of them.");
                }

                if (role.AutoDownload == true)
                {
                    existing.Definition.Metadata["auto_download"] = "true";
                }

                return;
            }

            if (_aliases.TryGetValue(role.ModelName, out Role? aliasRole))
            {
                throw file.Error(
                    role.Path,
                    $"the model name '{role.ModelName}' is also the name of the role '{aliasRole.Name}'.",
                    "Rename the role or the model.");
            }

            var target = new ModelDefinition { Name = role.ModelName, Engine = role.Provider, Path = role.ModelName };
            if (role.AutoDownload is { } autoDownload)
            {
                target.Metadata["auto_download"] = autoDownload ? "true" : "false";
            }

            AddCommonMetadata(target);
            _targets.Add(role.ModelName, (target, role));
            _definitions.Add(target);
        }

        private void AddCommonMetadata(ModelDefinition definition)
        {
            definition.Metadata["importer"] = ImporterName;
            definition.Metadata["import_file"] = file.Path;
            definition.Metadata["profile"] = profile;
        }

        private static void CopyUnmapped(Role role, ModelDefinition definition)
        {
            foreach (KeyValuePair<string, string> pair in role.UnmappedParameters)
            {
                definition.Metadata[pair.Key] = pair.Value;
            }
        }
    }
}
