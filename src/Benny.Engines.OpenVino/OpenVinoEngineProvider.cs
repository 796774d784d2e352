using System.Globalization;
using Benny.Engines.OpenVino.Native;
using Benny.Runtime.Hosting;
using Benny.Runtime.Presets;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benny.Engines.OpenVino;

/// <summary>
/// The <c>openvino</c> engine for Benny's <see cref="ModelHost"/>: loads registry entries with <c>"Engine": "openvino"</c>
/// (the default of converter <c>registry.json</c> imports) as <see cref="OpenVinoChatClient"/>s. Registered by <c>AddOpenVinoEngine()</c>.
/// </summary>
/// <remarks>
/// A registry entry overrides the engine options per model: <c>Device</c>, and the <c>Settings</c> keys <c>CacheDirectory</c>,
/// <c>MaxPromptLength</c>, <c>MinResponseLength</c> and <c>FallbackDevices</c> (a comma list such as <c>GPU,CPU</c>; an empty
/// value means no fallback device). <c>WeightFormat</c> is informational: the folder's own format is reported in <see cref="OpenVinoModelInfo"/>.
/// </remarks>
public sealed class OpenVinoEngineProvider : IEngineProvider
{
    /// <summary>The engine name registry entries use.</summary>
    public const string Name = "openvino";

    private readonly OpenVinoEngineOptions _options;
    private readonly Func<string?, IGenAiRuntime> _runtimeFactory;
    private readonly ILoggerFactory? _loggerFactory;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The engine defaults.</param>
    /// <param name="loggerFactory">Creates the engine's loggers.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public OpenVinoEngineProvider(IOptions<OpenVinoEngineOptions> options, ILoggerFactory? loggerFactory = null)
        : this(options?.Value!, OpenVinoRuntimeFactory.Default, loggerFactory)
    {
    }

    /// <summary>Initializes a new instance over a given runtime factory (tests, or the lead's wiring of the native runtime).</summary>
    internal OpenVinoEngineProvider(OpenVinoEngineOptions options, Func<string?, IGenAiRuntime> runtimeFactory, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runtimeFactory);
        _options = options;
        _runtimeFactory = runtimeFactory;
        _loggerFactory = loggerFactory;
    }

    /// <inheritdoc />
    public string EngineName => Name;

    /// <inheritdoc />
    public IReadOnlyCollection<string> SettingsKeys => OpenVinoSettingKeys.All;

    /// <inheritdoc />
    public GenerationParameters SupportedParameters => OpenVinoOptionsMapper.Supported;

    /// <inheritdoc />
    public async Task<IEngineModel> LoadAsync(ModelDefinition definition, IProgress<float> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (string.IsNullOrWhiteSpace(definition.Path))
        {
            throw new ModelRegistryException($"Benny:Models:{definition.Name}:Path is not set; it must be the converted OpenVINO model folder.");
        }

        if (definition.Embeddings || !definition.Chat)
        {
            // Validation at start reports this too (SupportsEmbeddings is false); a host built without it fails here, before any load.
            throw new NotSupportedException(
                $"Model '{definition.Name}' asks for embeddings (Benny:Models:{definition.Name}:Embeddings or Chat), but the engine '{Name}' makes none. "
                + "Serve embeddings from a gguf model, or remove Embeddings and Chat from the entry.");
        }

        OpenVinoEngineOptions options = EffectiveOptions(_options, definition);
        progress?.Report(0f);
        OpenVinoChatClient client = await OpenVinoChatClient.LoadAsync(definition.Path, options, _runtimeFactory, _loggerFactory, cancellationToken).ConfigureAwait(false);
        progress?.Report(1f);
        return new LoadedModel(client);
    }

    /// <summary>The engine options for one registry entry: the defaults with the entry's overrides.</summary>
    /// <exception cref="ModelRegistryException">A per-model setting has a value that is not valid (the message names the field).</exception>
    internal static OpenVinoEngineOptions EffectiveOptions(OpenVinoEngineOptions defaults, ModelDefinition definition)
    {
        List<string> fallbackDevices = definition.Settings.TryGetValue("FallbackDevices", out string? list)
            ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : [.. defaults.FallbackDevices];
        return new OpenVinoEngineOptions
        {
            NativeLibraryDirectory = defaults.NativeLibraryDirectory,
            Device = string.IsNullOrWhiteSpace(definition.Device) ? defaults.Device : definition.Device.Trim(),
            CacheDirectory = definition.Settings.TryGetValue("CacheDirectory", out string? cache) && !string.IsNullOrWhiteSpace(cache) ? cache.Trim() : defaults.CacheDirectory,
            FallbackDevices = fallbackDevices,
            FallbackToOtherWeightFormats = defaults.FallbackToOtherWeightFormats,
            MaxPromptLength = PositiveSetting(definition, "MaxPromptLength") ?? defaults.MaxPromptLength,
            MinResponseLength = PositiveSetting(definition, "MinResponseLength") ?? defaults.MinResponseLength,
        };
    }

    private static int? PositiveSetting(ModelDefinition definition, string key)
    {
        if (!definition.Settings.TryGetValue(key, out string? raw))
        {
            return null;
        }

        return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new ModelRegistryException($"Benny:Models:{definition.Name}:Settings:{key} is '{raw}'; it must be a positive whole number.");
    }

    private sealed class LoadedModel(OpenVinoChatClient client) : IEngineModel
    {
        public IChatClient ChatClient => client;

        public void Dispose() => client.Dispose();
    }
}
