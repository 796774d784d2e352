using System.Diagnostics.Metrics;
using System.Globalization;
using Benny.Engines.Gguf.Inference;
using Benny.Runtime;
using Benny.Runtime.Hosting;
using Benny.Runtime.Presets;
using Benny.Runtime.Registry;
using Benny.Runtime.Templates.ToolCalling;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benny.Engines.Gguf;

/// <summary>
/// The <c>gguf</c> engine for Benny's <see cref="ModelHost"/>: loads registry entries with
/// <c>"Engine": "gguf"</c> as <see cref="GgufChatClient"/>s, with a <see cref="GgufEmbeddingGenerator"/> on the same
/// weights when the entry sets <c>"Embeddings": true</c> (and only that generator, no chat context, with <c>"Chat": false</c>).
/// Registered by <c>AddGgufEngine()</c>.
/// </summary>
/// <remarks>
/// <para>
/// A registry entry overrides the engine options per model: <c>ContextSize</c>, <c>GpuLayers</c>,
/// <c>Backend</c> (<c>Auto</c>, <c>Cpu</c>, <c>Vulkan</c>, <c>Cuda</c>, <c>Hip</c>), <c>Parallel</c>, and the
/// <c>Settings</c> keys <c>Threads</c>, <c>BatchSize</c>, <c>MainGpu</c>, <c>QueueLimit</c>, <c>ChatTemplate</c>, <c>ChatTemplatePath</c> and <c>ToolCallFormat</c>.
/// </para>
/// <para>
/// The embedding generator takes the <c>Settings</c> keys <c>EmbeddingPooling</c> (<c>Mean</c>, <c>Cls</c>, <c>Last</c>; default the
/// model's own), <c>EmbeddingNormalize</c> (default <c>true</c>), <c>EmbeddingTruncate</c> (default <c>false</c>),
/// <c>EmbeddingContextSize</c> (default: the entry's <c>ContextSize</c> for an embedding-only model, else the model's training
/// context, at most 4096) and <c>EmbeddingBatchInputs</c> (default 16), and shares <c>Threads</c>, <c>Backend</c> and <c>GpuLayers</c>.
/// </para>
/// </remarks>
public sealed class GgufEngineProvider : IEngineProvider
{
    /// <summary>The engine name registry entries use.</summary>
    public const string Name = "gguf";

    private readonly GgufEngineOptions _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly IMeterFactory? _meterFactory;

    /// <summary>Initializes a new instance without a meter factory (kept for callers compiled against it).</summary>
    /// <param name="options">The engine defaults.</param>
    /// <param name="loggerFactory">Creates the engine's loggers.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public GgufEngineProvider(IOptions<GgufEngineOptions> options, ILoggerFactory? loggerFactory)
        : this(options, loggerFactory, meterFactory: null)
    {
    }

    /// <summary>Initializes a new instance whose models create their metrics' meter (<see cref="GgufChatClient.MeterName"/>) from <paramref name="meterFactory"/>.</summary>
    /// <param name="options">The engine defaults.</param>
    /// <param name="loggerFactory">Creates the engine's loggers.</param>
    /// <param name="meterFactory">Creates each model's <see cref="Meter"/>; when <see langword="null"/>, each model creates and owns one. Dependency injection passes the container's <see cref="IMeterFactory"/> when one is registered.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public GgufEngineProvider(IOptions<GgufEngineOptions> options, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _loggerFactory = loggerFactory;
        _meterFactory = meterFactory;
    }

    /// <inheritdoc />
    public string EngineName => Name;

    /// <inheritdoc />
    public IReadOnlyCollection<string> SettingsKeys => GgufSettingKeys.All;

    /// <inheritdoc />
    public GenerationParameters SupportedParameters => GgufOptionsMapper.Supported;

    /// <inheritdoc />
    /// <value><see langword="true"/>: entries can set <c>"Embeddings": true</c>, and <c>"Chat": false</c> for embeddings only.</value>
    public bool SupportsEmbeddings => true;

    /// <inheritdoc />
    public async Task<IEngineModel> LoadAsync(ModelDefinition definition, IProgress<float> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        GgufEngineOptions options = EffectiveOptions(_options, definition);
        GgufEmbeddingOptions? embeddingOptions = definition.Embeddings || !definition.Chat ? EmbeddingOptions(options, definition) : null;
        if (!definition.Chat)
        {
            // Embeddings only: the generator loads the weights and creates its own context; no chat context is made.
            GgufEmbeddingGenerator only = await GgufEmbeddingGenerator.LoadAsync(definition.Path!, embeddingOptions, progress, _loggerFactory, cancellationToken).ConfigureAwait(false);
            return new LoadedModel(definition.Name, null, only);
        }

        GgufChatClient client = await GgufChatClient.LoadAsync(definition.Path!, options, progress, _loggerFactory, _meterFactory, cancellationToken).ConfigureAwait(false);
        if (embeddingOptions is null)
        {
            return new LoadedModel(definition.Name, client, null);
        }

        try
        {
            // A second context on the chat client's weights: one copy of the model in memory serves both.
            GgufEmbeddingGenerator generator = GgufEmbeddingGenerator.Create(client.Model, embeddingOptions, ownsModel: false);
            return new LoadedModel(definition.Name, client, generator);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The embedding generator's options for one registry entry: the entry's engine options and its <c>Embedding*</c> settings.</summary>
    /// <exception cref="ModelRegistryException">An <c>Embedding*</c> setting has a value that is not valid (the message names the field).</exception>
    internal static GgufEmbeddingOptions EmbeddingOptions(GgufEngineOptions effective, ModelDefinition definition)
    {
        string field = $"Benny:Models:{definition.Name}:Settings";
        GgufPoolingType? pooling = null;
        if (TextSetting(definition, "EmbeddingPooling") is { } poolingName)
        {
            pooling = Enum.TryParse(poolingName, ignoreCase: true, out GgufPoolingType parsed) && Enum.IsDefined(parsed) && poolingName.All(char.IsAsciiLetter)
                ? parsed
                : throw new ModelRegistryException($"{field}:EmbeddingPooling is '{poolingName}'; use one of {string.Join(", ", Enum.GetNames<GgufPoolingType>())}.");
        }

        int? contextSize = Setting(definition, "EmbeddingContextSize") ?? (definition.Chat ? null : effective.ContextSize);
        if (contextSize == 0)
        {
            throw new ModelRegistryException($"{field}:EmbeddingContextSize is 0; it must be positive.");
        }

        var defaults = new GgufEmbeddingOptions();
        int batchInputs = Setting(definition, "EmbeddingBatchInputs") ?? defaults.MaxBatchInputs;
        if (batchInputs is < 1 or > GgufEmbeddingOptions.MaxBatchInputsLimit)
        {
            throw new ModelRegistryException($"{field}:EmbeddingBatchInputs is {batchInputs}; it must be between 1 and {GgufEmbeddingOptions.MaxBatchInputsLimit}.");
        }

        return new GgufEmbeddingOptions
        {
            NativeLibraryDirectory = effective.NativeLibraryDirectory,
            Backend = effective.Backend,
            GpuLayers = effective.GpuLayers,
            ContextSize = contextSize,
            Threads = effective.Threads,
            MaxBatchInputs = batchInputs,
            Pooling = pooling,
            Normalize = BoolSetting(definition, "EmbeddingNormalize") ?? defaults.Normalize,
            Truncate = BoolSetting(definition, "EmbeddingTruncate") ?? defaults.Truncate,
        };
    }

    /// <summary>The engine options for one registry entry: the defaults with the entry's overrides.</summary>
    /// <exception cref="ModelRegistryException">A per-model setting has a value that is not valid (the message names the field).</exception>
    internal static GgufEngineOptions EffectiveOptions(GgufEngineOptions defaults, ModelDefinition definition)
    {
        string field = $"Benny:Models:{definition.Name}";
        GgufBackend backend = defaults.Backend;
        if (definition.Backend is { } backendName && !Enum.TryParse(backendName, ignoreCase: true, out backend))
        {
            throw new ModelRegistryException($"{field}:Backend is '{backendName}'; use one of {string.Join(", ", Enum.GetNames<GgufBackend>())}.");
        }

        return new GgufEngineOptions
        {
            NativeLibraryDirectory = defaults.NativeLibraryDirectory,
            ContextSize = definition.ContextSize ?? defaults.ContextSize,
            BatchSize = Setting(definition, "BatchSize") ?? defaults.BatchSize,
            Threads = Setting(definition, "Threads") ?? defaults.Threads,
            Backend = backend,
            GpuLayers = definition.GpuLayers ?? defaults.GpuLayers,
            MainGpu = Setting(definition, "MainGpu") ?? defaults.MainGpu,
            Parallel = definition.Parallel ?? defaults.Parallel,
            QueueLimit = Setting(definition, "QueueLimit") ?? defaults.QueueLimit,
            ThreadPolling = Setting(definition, "ThreadPolling") ?? defaults.ThreadPolling,
            AdaptiveThreads = BoolSetting(definition, "AdaptiveThreads") ?? defaults.AdaptiveThreads,
            OwnThreadPool = defaults.OwnThreadPool,
            ChatTemplate = TextSetting(definition, "ChatTemplate") ?? defaults.ChatTemplate,
            ChatTemplatePath = TextSetting(definition, "ChatTemplatePath") is { } templatePath ? PathExpansion.GetFullPath(templatePath) : defaults.ChatTemplatePath,
            ToolCallFormat = FormatSetting(definition) ?? defaults.ToolCallFormat,
        };
    }

    private static string? TextSetting(ModelDefinition definition, string key)
        => definition.Settings.TryGetValue(key, out string? raw) && !string.IsNullOrWhiteSpace(raw) ? raw : null;

    private static ToolCallFormat? FormatSetting(ModelDefinition definition)
    {
        if (TextSetting(definition, "ToolCallFormat") is not { } raw)
        {
            return null;
        }

        return Enum.TryParse(raw, ignoreCase: true, out ToolCallFormat format) && Enum.IsDefined(format)
            ? format
            : throw new ModelRegistryException($"Benny:Models:{definition.Name}:Settings:ToolCallFormat is '{raw}'; use one of {string.Join(", ", Enum.GetNames<ToolCallFormat>())}.");
    }

    private static bool? BoolSetting(ModelDefinition definition, string key)
    {
        if (TextSetting(definition, key) is not { } raw)
        {
            return null;
        }

        return bool.TryParse(raw, out bool value)
            ? value
            : throw new ModelRegistryException($"Benny:Models:{definition.Name}:Settings:{key} is '{raw}'; use true or false.");
    }

    private static int? Setting(ModelDefinition definition, string key)
    {
        if (!definition.Settings.TryGetValue(key, out string? raw))
        {
            return null;
        }

        return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0
            ? value
            : throw new ModelRegistryException($"Benny:Models:{definition.Name}:Settings:{key} is '{raw}'; it must be a whole number, 0 or more.");
    }

    /// <summary>A chat client, an embedding generator on its weights, or (embeddings only) the generator alone.</summary>
    private sealed class LoadedModel(string modelName, GgufChatClient? client, GgufEmbeddingGenerator? generator) : IEngineModel
    {
        public IChatClient ChatClient => client ?? throw new NotSupportedException(
            $"Model '{modelName}' was loaded for embeddings only (Benny:Models:{modelName}:Chat is false): it has no chat context. Remove Chat from the entry to load it for chat too.");

        public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator => generator;

        public void Dispose()
        {
            // The generator first: it borrows the chat client's model, which the client frees.
            generator?.Dispose();
            client?.Dispose();
        }
    }
}
