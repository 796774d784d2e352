using Benny.Runtime.Registry;

namespace Benny.Runtime.Presets;

/// <summary>
/// Computes the effective preset of a model: its named preset (by default the purpose preset, size
/// specific first) with the configured overrides, then the model's own <see cref="ModelDefinition.Parameters"/>.
/// </summary>
/// <remarks>
/// Full precedence at request time: the caller's <c>ChatOptions</c> &gt; the prompt's front matter &gt;
/// the model's own parameters &gt; the named or purpose preset &gt; the engine's defaults.
/// </remarks>
public sealed class PresetResolver
{
    private readonly IReadOnlyDictionary<string, GenerationPreset> _builtIn = PurposePresets.BuiltIn;
    private readonly Dictionary<string, GenerationPreset> _configured;

    /// <summary>Initializes a resolver over the built-in presets and <paramref name="configured"/> ones.</summary>
    /// <param name="configured">Presets from <c>Benny:Presets</c>; an entry named like a built-in one overrides the values it sets, others add new presets.</param>
    /// <exception cref="ArgumentNullException"><paramref name="configured"/> is <see langword="null"/>.</exception>
    public PresetResolver(IReadOnlyDictionary<string, GenerationPreset> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        _configured = new Dictionary<string, GenerationPreset>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, GenerationPreset preset) in configured)
        {
            _configured[name] = preset.OverlayWith(null);
        }
    }

    /// <summary>Gets the names of every preset (built-in and configured).</summary>
    public IReadOnlyCollection<string> Names => [.. _builtIn.Keys.Union(_configured.Keys, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Gets a preset by name, with configured overrides applied.</summary>
    /// <param name="name">A preset name such as <c>tool</c> or <c>extract-s</c>.</param>
    /// <param name="preset">A copy of the preset when found.</param>
    /// <returns><see langword="true"/> when the preset exists.</returns>
    public bool TryGetPreset(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GenerationPreset? preset)
    {
        preset = name is null ? null : Layer(null, name);
        return preset is not null;
    }

    /// <summary>Computes the effective preset of <paramref name="model"/>.</summary>
    /// <param name="model">The requested entry (for an alias, the alias entry: its purpose and parameters apply).</param>
    /// <returns>A new preset; empty when the model has no purpose, preset or parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModelRegistryException"><see cref="ModelDefinition.Preset"/> names an unknown preset.</exception>
    public GenerationPreset Resolve(ModelDefinition model)
    {
        ArgumentNullException.ThrowIfNull(model);
        GenerationPreset basePreset = new();
        if (model.Preset is { } named)
        {
            basePreset = Layer(null, named) ?? throw new ModelRegistryException(UnknownPresetMessage(model.Name, named));
        }
        else if (model.GetEffectivePurpose() is { } purpose)
        {
            // Built-in purpose, built-in sized, configured purpose, configured sized: later layers win, so
            // a configured "extract" override still applies to the built-in "extract-s".
            string? sized = model.GetEffectiveSize() switch
            {
                ModelSize.Small => $"{purpose}-s",
                ModelSize.Medium => $"{purpose}-m",
                _ => null,
            };
            GenerationPreset? layered = null;
            foreach (IReadOnlyDictionary<string, GenerationPreset> source in new[] { _builtIn, _configured })
            {
                layered = Overlay(layered, source.GetValueOrDefault(purpose));
                layered = sized is null ? layered : Overlay(layered, source.GetValueOrDefault(sized));
            }

            basePreset = layered ?? basePreset;
        }

        return basePreset.OverlayWith(model.Parameters);
    }

    private GenerationPreset? Layer(GenerationPreset? lower, string name)
        => Overlay(Overlay(lower, _builtIn.GetValueOrDefault(name)), _configured.GetValueOrDefault(name));

    private static GenerationPreset? Overlay(GenerationPreset? lower, GenerationPreset? higher)
        => lower is null ? higher?.OverlayWith(null) : lower.OverlayWith(higher);

    internal string UnknownPresetMessage(string modelName, string presetName)
        => $"Benny:Models:{modelName}:Preset names '{presetName}', which is neither a built-in nor a configured preset. "
            + $"Known presets: {string.Join(", ", Names.Order(StringComparer.OrdinalIgnoreCase))}.";
}
