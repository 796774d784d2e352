using System.Globalization;
using System.Reflection;
using Benny.Runtime.Hosting;
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
/// <item>A map (<c>Models</c>, <c>Presets</c>, <c>Router:Tiers</c>, ...) written as a JSON array would bind with the indexes
/// as names; a list (<c>Router:Rules</c>, ...) written as a JSON object would bind its entries with their names dropped.
/// Both are errors naming the key.</item>
/// <item>A key that no property binds (<c>"Temprature"</c>, <c>"Routr"</c>), anywhere under <c>Benny</c>, is logged as a
/// warning with the closest known key, or is an error when <see cref="BennyOptions.StrictConfiguration"/> is set. The known
/// keys come from the options types by reflection; the keys of a map are free, its values are checked when they are Benny
/// options objects. A model's <c>Settings</c> are checked against its engine's <see cref="IEngineProvider.SettingsKeys"/>
/// when the engine declares them; <c>Metadata</c> is free-form.</item>
/// </list>
/// </summary>
internal sealed partial class BennyConfigurationBindingValidator(
    IConfiguration configuration, ILogger? logger = null, IEnumerable<IEngineProvider>? engines = null) : IValidateOptions<BennyOptions>
{
    /// <summary>Sections under <c>Benny</c> that other Benny packages bind (Benny.Server binds <c>Benny:Server</c>): not unknown keys here.</summary>
    private static readonly string[] OtherPackagesSections = ["Server"];

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public ValidateOptionsResult Validate(string? name, BennyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        var unknown = new List<(string Path, string? Suggestion)>();
        CheckObject(configuration, typeof(BennyOptions), errors, unknown);

        IConfigurationSection models = configuration.GetSection(nameof(BennyOptions.Models));
        IConfigurationSection presets = configuration.GetSection(nameof(BennyOptions.Presets));
        if (!IsArray(models))
        {
            CollectErrors<ModelDefinition>(models, errors);
            CollectUnknownEngineSettings(models, unknown);
        }

        if (!IsArray(presets))
        {
            CollectErrors<GenerationPreset>(presets, errors);
        }

        CollectErrors<TierRule>(configuration.GetSection($"{nameof(BennyOptions.Router)}:{nameof(TierRouterOptions.Rules)}"), errors);

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

    /// <summary>The properties the binder sets on <paramref name="type"/>, by name (case-insensitive).</summary>
    private static Dictionary<string, Type> BindableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .ToDictionary(p => p.Name, p => p.PropertyType, StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks the keys of <paramref name="section"/>, bound to an object of <paramref name="type"/>, and what is under them.</summary>
    private static void CheckObject(IConfiguration section, Type type, List<string> errors, List<(string, string?)> unknown)
    {
        Dictionary<string, Type> properties = BindableProperties(type);
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (properties.TryGetValue(child.Key, out Type? propertyType))
            {
                CheckValue(child, propertyType, errors, unknown);
            }
            else if (type != typeof(BennyOptions) || !OtherPackagesSections.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                unknown.Add((child.Path, ClosestKey(child.Key, properties.Keys)));
            }
        }
    }

    /// <summary>Checks a section bound to a value of <paramref name="type"/>: a map's or list's shape and entries, an options object's keys.</summary>
    private static void CheckValue(IConfigurationSection section, Type type, List<string> errors, List<(string, string?)> unknown)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (ElementType(type, typeof(IDictionary<,>), 1) is { } valueType)
        {
            if (IsArray(section))
            {
                errors.Add($"{section.Path} must be an object mapping names to entries, not an array.");
                return;
            }

            foreach (IConfigurationSection entry in section.GetChildren())
            {
                CheckValue(entry, valueType, errors, unknown);
            }
        }
        else if (type != typeof(string) && (type.IsArray ? type.GetElementType() : ElementType(type, typeof(IEnumerable<>), 0)) is { } elementType)
        {
            if (section.GetChildren().Any() && !IsArray(section))
            {
                errors.Add($"{section.Path} must be an array, not an object.");
                return;
            }

            foreach (IConfigurationSection element in section.GetChildren())
            {
                CheckValue(element, elementType, errors, unknown);
            }
        }
        else if (type.IsClass && type.Assembly == typeof(BennyOptions).Assembly)
        {
            CheckObject(section, type, errors, unknown);
        }
    }

    /// <summary>When <paramref name="type"/> is or implements the generic interface <paramref name="definition"/>, its type argument at <paramref name="index"/>.</summary>
    private static Type? ElementType(Type type, Type definition, int index)
    {
        Type? match = type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
        return match?.GetGenericArguments()[index];
    }

    /// <summary>A section whose keys are all 0, 1, 2, ... was written as a JSON array.</summary>
    private static bool IsArray(IConfigurationSection section)
    {
        string[] keys = [.. section.GetChildren().Select(c => c.Key)];
        return keys.Length > 0
            && keys.Select(k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : -1)
                .Order()
                .SequenceEqual(Enumerable.Range(0, keys.Length));
    }

    /// <summary>Checks each model's <c>Settings</c> against the keys its engine declares (engines that declare none are not checked).</summary>
    private void CollectUnknownEngineSettings(IConfigurationSection models, List<(string, string?)> unknown)
    {
        foreach (IConfigurationSection model in models.GetChildren())
        {
            string? engine = model[nameof(ModelDefinition.Engine)];
            IReadOnlyCollection<string>? known = engines?.FirstOrDefault(e => string.Equals(e.EngineName, engine, StringComparison.OrdinalIgnoreCase))?.SettingsKeys;
            if (known is null)
            {
                continue;
            }

            foreach (IConfigurationSection setting in model.GetSection(nameof(ModelDefinition.Settings)).GetChildren())
            {
                if (!known.Contains(setting.Key, StringComparer.OrdinalIgnoreCase))
                {
                    unknown.Add((setting.Path, ClosestKey(setting.Key, known)));
                }
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
