using Benny.Runtime.Presets;
using Benny.Runtime.Prompts;
using Benny.Runtime.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Benny.Evaluation;

/// <summary>
/// One configuration under evaluation: a display name, the <see cref="IChatClient"/> that answers, and the
/// <see cref="ChatOptions"/> every request starts from. Two variants can be two models, two quantizations of one model
/// (two registry entries), one model with two presets, or a model and the tier router.
/// </summary>
public sealed class EvaluationVariant
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="name">The name shown in reports; unique within a run.</param>
    /// <param name="client">The client that answers the cases. The runner does not dispose it.</param>
    /// <param name="options">The options every request starts from (copied per request); <see langword="null"/> for none.</param>
    /// <param name="prompts">
    /// The prompt templates a case's <c>prompt</c> is rendered from; a case whose prompt is not there, or any case when
    /// <see langword="null"/>, passes its variables to the client instead (a registry model's pipeline renders its own prompt with them).
    /// </param>
    /// <param name="presetName">The preset <paramref name="options"/> came from, for reports; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="client"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public EvaluationVariant(string name, IChatClient client, ChatOptions? options = null, PromptStore? prompts = null, string? presetName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(client);
        Name = name;
        Client = client;
        Options = options;
        Prompts = prompts;
        PresetName = presetName;
    }

    /// <summary>Gets the name shown in reports.</summary>
    public string Name { get; }

    /// <summary>Gets the client that answers the cases.</summary>
    public IChatClient Client { get; }

    /// <summary>Gets the options every request starts from, or <see langword="null"/>.</summary>
    public ChatOptions? Options { get; }

    /// <summary>Gets the prompt templates cases are rendered from, or <see langword="null"/> (variables are passed to the client).</summary>
    /// <value>The registry's <see cref="PromptStore"/> for <see cref="ForModel"/>; <see langword="null"/> unless given otherwise.</value>
    public PromptStore? Prompts { get; }

    /// <summary>Gets the preset the options came from, or <see langword="null"/>.</summary>
    public string? PresetName { get; }

    /// <summary>
    /// A registry model (the keyed <see cref="IChatClient"/> of <c>AddBenny</c>: prompt template, preset, engine), optionally
    /// with another preset's values.
    /// </summary>
    /// <remarks>
    /// With <paramref name="presetName"/>, every request carries that preset's values in its <see cref="ChatOptions"/>, which
    /// win over the model's own preset; what the preset leaves unset keeps the model's value. The variant is named
    /// <c>MODEL</c>, or <c>MODEL+PRESET</c>.
    /// </remarks>
    /// <param name="services">A provider with Benny registered (<c>services.AddBenny(...)</c>).</param>
    /// <param name="modelName">The model name or alias.</param>
    /// <param name="presetName">A built-in or configured preset (<c>extract</c>, <c>route-s</c>, ...), or <see langword="null"/> for the model's own.</param>
    /// <returns>The variant.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="modelName"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The preset is unknown (the message lists the known ones).</exception>
    /// <exception cref="InvalidOperationException">Benny is not registered in <paramref name="services"/>.</exception>
    /// <exception cref="Benny.Runtime.Registry.UnknownModelException">The registry has no model of that name.</exception>
    public static EvaluationVariant ForModel(IServiceProvider services, string modelName, string? presetName = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        IChatClient client = services.GetRequiredKeyedService<IChatClient>(modelName);
        PromptStore? prompts = services.GetService<PromptStore>();
        if (presetName is null)
        {
            return new EvaluationVariant(modelName, client, options: null, prompts);
        }

        PresetResolver presets = services.GetRequiredService<PresetResolver>();
        if (!presets.TryGetPreset(presetName, out GenerationPreset? preset))
        {
            throw new ArgumentException(
                $"The preset '{presetName}' is neither built in nor configured. Known presets: {string.Join(", ", presets.Names.Order(StringComparer.OrdinalIgnoreCase))}.",
                nameof(presetName));
        }

        var options = new ChatOptions();
        _ = preset.FillUnset(options);
        return new EvaluationVariant($"{modelName}+{presetName}", client, options, prompts, presetName);
    }

    /// <summary>The tier router (<c>AddTierRouter()</c>): each case goes to the tier its policy chooses, which routing accuracy checks.</summary>
    /// <param name="services">A provider with Benny and the tier router registered.</param>
    /// <param name="name">The variant's name.</param>
    /// <returns>The variant; cases naming a <c>prompt</c> pass their variables to the tier's pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The tier router is not registered.</exception>
    public static EvaluationVariant ForRouter(IServiceProvider services, string name = "router")
    {
        ArgumentNullException.ThrowIfNull(services);
        TierRouterChatClient router = services.GetService<TierRouterChatClient>()
            ?? throw new InvalidOperationException("The tier router is not registered: call AddTierRouter() on Benny's builder and configure Benny:Router:Tiers.");
        return new EvaluationVariant(name, router);
    }
}
