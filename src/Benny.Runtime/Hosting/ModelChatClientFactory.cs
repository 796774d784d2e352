using Benny.Runtime.Presets;
using Benny.Runtime.Prompts;
using Benny.Runtime.Registry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Benny.Runtime.Hosting;

/// <summary>
/// Builds the <see cref="IChatClient"/> pipeline of a registry model: <see cref="PromptChatClient"/> (the
/// model's prompt template) over <see cref="PresetChatClient"/> (the model's preset, unsupported parameters
/// dropped) over <see cref="HostedChatClient"/> (the engine instance the <see cref="ModelHost"/> loads).
/// </summary>
/// <remarks>Creating a client loads nothing: the model loads on its first request.</remarks>
public sealed partial class ModelChatClientFactory
{
    private readonly ModelHost _host;
    private readonly PresetResolver _presets;
    private readonly PromptStore _prompts;
    private readonly bool _strictParameters;
    private readonly ILoggerFactory? _loggerFactory;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="host">The host that loads and shares engine instances.</param>
    /// <param name="presets">Resolves each model's preset.</param>
    /// <param name="prompts">The prompt templates.</param>
    /// <param name="strictParameters">Whether caller-set unsupported parameters throw (see <see cref="BennyOptions.StrictParameters"/>).</param>
    /// <param name="loggerFactory">Creates the layers' loggers.</param>
    /// <exception cref="ArgumentNullException"><paramref name="host"/>, <paramref name="presets"/> or <paramref name="prompts"/> is <see langword="null"/>.</exception>
    public ModelChatClientFactory(ModelHost host, PresetResolver presets, PromptStore prompts, bool strictParameters = false, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(presets);
        ArgumentNullException.ThrowIfNull(prompts);
        _host = host;
        _presets = presets;
        _prompts = prompts;
        _strictParameters = strictParameters;
        _loggerFactory = loggerFactory;
    }

    /// <summary>Creates the pipeline of <paramref name="modelName"/>.</summary>
    /// <param name="modelName">A registry name (an alias gets its own preset and prompt over its target's instance).</param>
    /// <returns>The client; disposing it leaves the shared engine instance to the host.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="modelName"/> is <see langword="null"/>.</exception>
    /// <exception cref="UnknownModelException">The registry has no such name.</exception>
    public IChatClient CreateChatClient(string modelName)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ResolvedModel model = _host.Registry.Resolve(modelName);
        string engine = model.Target.Engine!;
        GenerationPreset preset = _presets.Resolve(model.Requested);
        string promptId = model.Requested.Prompt ?? model.Requested.Name;

        IChatClient client = new HostedChatClient(_host, model.Requested.Name, _loggerFactory?.CreateLogger<HostedChatClient>());
        client = new PresetChatClient(client, preset, _host.GetProvider(engine).SupportedParameters, model.Requested.Name, _strictParameters, _loggerFactory?.CreateLogger<PresetChatClient>());
        client = new PromptChatClient(client, _prompts, promptId, _loggerFactory?.CreateLogger<PromptChatClient>());

        if (_loggerFactory?.CreateLogger<ModelChatClientFactory>() is { } logger && logger.IsEnabled(LogLevel.Debug))
        {
            bool hasPrompt = _prompts.TryGet(promptId, out _);
            LogComposed(logger, model.Requested.Name, model.Target.Name, engine, promptId, hasPrompt);
        }

        return client;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model {ModelName}: pipeline prompt '{PromptId}' (present: {HasPrompt}) -> preset -> {Engine} instance of {TargetName}.")]
    private static partial void LogComposed(ILogger logger, string modelName, string targetName, string engine, string promptId, bool hasPrompt);
}
