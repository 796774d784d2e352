using Benny.Runtime.Hosting;
using Benny.Runtime.Presets;
using Benny.Runtime.Prompts;
using Benny.Runtime.Provisioning;
using Benny.Runtime.Registry;
using Benny.Runtime.Routing;

namespace Benny.Runtime;

/// <summary>
/// Everything Benny is configured with. Bound from the <c>Benny</c> configuration section by
/// <c>services.AddBenny(configuration.GetSection("Benny"))</c>, or set in code with <c>AddBenny(options =&gt; ...)</c>.
/// </summary>
public sealed class BennyOptions
{
    /// <summary>The name of the environment variable that selects the active profile of a profiles manifest.</summary>
    public const string ProfileEnvironmentVariable = "BENNY_PROFILE";

    /// <summary>Gets the registry: model definitions keyed by model name (case-insensitive).</summary>
    public Dictionary<string, ModelDefinition> Models { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets named generation presets. An entry named like a built-in purpose preset (<c>tool</c>, <c>extract-s</c>, ...) overrides its values.</summary>
    public Dictionary<string, GenerationPreset> Presets { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the prompt template settings.</summary>
    public PromptStoreOptions Prompts { get; init; } = new();

    /// <summary>Gets the files imported into the registry at start.</summary>
    public RegistryImportOptions Import { get; init; } = new();

    /// <summary>Gets or sets the profile imported from profiles manifests.</summary>
    /// <value>Defaults to the <c>BENNY_PROFILE</c> environment variable, else <c>default</c>.</value>
    public string? Profile { get; set; }

    /// <summary>Gets the model host settings (keep-alive, most loaded models).</summary>
    public ModelHostOptions Host { get; init; } = new();

    /// <summary>Gets the provisioning settings (cache folder, Hugging Face endpoint and token, retries, auto-download).</summary>
    public ProvisioningOptions Provisioning { get; init; } = new();

    /// <summary>Gets the tier router settings (tiers, policy, rules, fallbacks, cooldowns), used by <c>AddTierRouter()</c>.</summary>
    public TierRouterOptions Router { get; init; } = new();

    /// <summary>Gets or sets whether a generation parameter the engine does not support is an error.</summary>
    /// <value>
    /// Defaults to <see langword="false"/>: unsupported parameters are dropped and logged at debug level
    /// (LiteLLM's <c>drop_params: true</c>). When <see langword="true"/>, a caller-set unsupported parameter
    /// throws <see cref="NotSupportedException"/>; preset values are always dropped quietly.
    /// </value>
    public bool StrictParameters { get; set; }

    /// <summary>Gets or sets whether a configuration key that binds to nothing is an error.</summary>
    /// <value>
    /// Defaults to <see langword="false"/>: a key anywhere under the bound section that Benny does not know
    /// (<c>"Temprature"</c>, <c>"Routr"</c>, a model <c>Settings</c> key its engine does not read) is logged as a warning
    /// naming the closest known key. When <see langword="true"/>, it fails options validation.
    /// </value>
    public bool StrictConfiguration { get; set; }
}
