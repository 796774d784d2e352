using System.Reflection;
using Benny.Runtime.Presets;
using Benny.Runtime.Registry;
using Benny.Runtime.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Benny.Runtime;

/// <summary>
/// Reports configuration that binding would otherwise take in without a word:
/// <list type="bullet">
/// <item><see cref="ConfigurationBinder"/> skips a dictionary or list element holding a value it cannot convert
/// (<c>"ContextSize": "big"</c>), so such a model, preset or rule would just be missing, and the only error would be a
/// confusing one elsewhere (a router tier naming an unregistered model). Each element of <c>Models</c>, <c>Presets</c>
/// and <c>Router:Rules</c> is bound alone here, which makes the binder say which value failed.</item>
/// <item><c>Models</c> or <c>Presets</c> written as a JSON array would bind with the indexes as names.</item>
/// <item>A key under a model entry, its <c>Parameters</c> or a preset that no property binds (<c>"Temprature"</c>) is
/// logged as a warning with the closest known key, or is an error when <see cref="BennyOptions.StrictConfiguration"/> is set.
/// <c>Settings</c> and <c>Metadata</c> are free-form and not checked.</item>
/// </list>
/// </summary>
internal sealed partial class BennyConfigurationBindingValidator(IConfiguration configuration, ILogger? logger = null) : IValidateOptions<BennyOptions>
{
    private static readonly string[] ModelKeys = BindableKeys(typeof(ModelDefinition));
    private static readonly string[] PresetKeys = BindableKeys(typeof(GenerationPreset));
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public ValidateOptionsResult Validate(string? name, BennyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        IConfigurationSection models = configuration.GetSection(nameof(BennyOptions.Models));
        IConfigurationSection presets = configuration.GetSection(nameof(BennyOptions.Presets));
        bool modelsAreMap = CheckIsMap(models, errors);
        bool presetsAreMap = CheckIsMap(presets, errors);
        if (modelsAreMap)
        {
            CollectErrors<ModelDefinition>(models, errors);
        }

        if (presetsAreMap)
        {
            CollectErrors<GenerationPreset>(presets, errors);
        }

        CollectErrors<TierRule>(configuration.GetSection($"{nameof(BennyOptions.Router)}:{nameof(TierRouterOptions.Rules)}"), errors);

        var unknown = new List<(string Path, string? Suggestion)>();
        if (modelsAreMap)
        {
            foreach (IConfigurationSection model in models.GetChildren())
            {
                CollectUnknownKeys(model, ModelKeys, unknown);
                CollectUnknownKeys(model.GetSection(nameof(ModelDefinition.Parameters)), PresetKeys, unknown);
            }
        }

        if (presetsAreMap)
        {
            foreach (IConfigurationSection preset in presets.GetChildren())
            {
                CollectUnknownKeys(preset, PresetKeys, unknown);
            }
        }

        foreach ((string path, string? suggestion) in unknown)
        {
            if (options.StrictConfiguration)
            {
                errors.Add(suggestion is null
                    ? $"{path} is not a known setting; remove it."
                    : $"{path} is not a known setting; did you mean '{suggestion}'?");
            }
            else if (suggestion is null)
            {
                LogUnknownKey(_logger, path);
            }
            else
            {
                LogUnknownKeyWithSuggestion(_logger, path, suggestion);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Returns the closest of <paramref name="candidates"/> to <paramref name="key"/> (case-insensitive edit distance), or <see langword="null"/> when none is close.</summary>
    internal static string? ClosestKey(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = EditDistance(key.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static string[] BindableKeys(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => p.Name)];

    /// <summary>A section whose keys are all 0, 1, 2, ... was written as a JSON array.</summary>
    private static bool CheckIsMap(IConfigurationSection section, List<string> errors)
    {
        string[] keys = [.. section.GetChildren().Select(c => c.Key)];
        bool isArray = keys.Length > 0
            && keys.Select(k => int.TryParse(k, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i) ? i : -1)
                .Order()
                .SequenceEqual(Enumerable.Range(0, keys.Length));
        if (isArray)
        {
            errors.Add($"{section.Path} must be an object mapping names to entries, not an array.");
        }

        return !isArray;
    }

    private static void CollectUnknownKeys(IConfigurationSection section, string[] known, List<(string, string?)> unknown)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                unknown.Add((child.Path, ClosestKey(child.Key, known)));
            }
        }
    }

    private static void CollectErrors<T>(IConfigurationSection section, List<string> errors)
    {
        foreach (IConfigurationSection entry in section.GetChildren())
        {
            try
            {
                entry.Get<T>();
            }
            catch (InvalidOperationException e)
            {
                errors.Add($"{entry.Path} cannot be read, so it is ignored: {e.Message} Fix the value in the configuration.");
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Path} is not a known setting and is ignored; did you mean '{Suggestion}'?")]
    private static partial void LogUnknownKeyWithSuggestion(ILogger logger, string path, string suggestion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Path} is not a known setting and is ignored.")]
    private static partial void LogUnknownKey(ILogger logger, string path);
}
