using System.Diagnostics.Metrics;
using Benny.Runtime;
using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Benny.Runtime.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the tier router to Benny.</summary>
public static class TierRouterBennyBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="TierRouterChatClient"/> built from <see cref="BennyOptions.Router"/> (<c>Benny:Router</c>) as the
    /// default (non-keyed) <see cref="IChatClient"/> singleton, and as <see cref="TierRouterChatClient"/>.
    /// </summary>
    /// <remarks>
    /// Each tier of <see cref="TierRouterOptions.Tiers"/> gets its model's full pipeline
    /// (<see cref="ModelChatClientFactory.CreateChatClient"/>: prompt template, preset, engine); each of
    /// <see cref="TierRouterOptions.TierClients"/> is used as given. The policy is a <see cref="RuleTierPolicy"/>
    /// (<see cref="TierRouterOptions.Rules"/>, else <see cref="RuleTierPolicy.DefaultRules"/>), or with <c>Policy: Classifier</c>
    /// a <see cref="ClassifierTierPolicy"/> asking the <see cref="TierRouterOptions.ClassifierTier"/>'s client and falling back to
    /// those rules; its output is grammar-constrained when that tier's model runs on the <c>gguf</c> engine. The container's
    /// <see cref="ILoggerFactory"/>, <see cref="TimeProvider"/> and <see cref="IMeterFactory"/> are used when registered.
    /// Calling it again only adds <paramref name="configure"/>.
    /// </remarks>
    /// <param name="builder">The Benny builder.</param>
    /// <param name="configure">Changes the router settings after binding; optional.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IBennyBuilder AddTierRouter(this IBennyBuilder builder, Action<TierRouterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configure is not null)
        {
            builder.Services.Configure<BennyOptions>(options => configure(options.Router));
        }

        if (builder.Services.Any(d => d.ServiceType == typeof(TierRouterChatClient) && !d.IsKeyedService))
        {
            return builder;
        }

        builder.Services.AddSingleton(Create);
        builder.Services.AddSingleton<IChatClient>(static sp => sp.GetRequiredService<TierRouterChatClient>());
        return builder;
    }

    private static TierRouterChatClient Create(IServiceProvider services)
    {
        TierRouterOptions options = services.GetRequiredService<IOptions<BennyOptions>>().Value.Router;
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException("The tier router has no tiers. Configure Benny:Router:Tiers (tier -> model name) or TierClients in AddTierRouter(options => ...).");
        }

        ModelRegistry registry = services.GetRequiredService<ModelRegistry>();
        ModelChatClientFactory factory = services.GetRequiredService<ModelChatClientFactory>();
        ILoggerFactory? loggerFactory = services.GetService<ILoggerFactory>();
        TimeProvider? timeProvider = services.GetService<TimeProvider>();

        var tiers = new Dictionary<string, IChatClient>(StringComparer.OrdinalIgnoreCase);
        var modelNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string tier, string model) in options.Tiers)
        {
            tiers[tier] = factory.CreateChatClient(model);
            modelNames[tier] = registry.Resolve(model).Requested.Name;
        }

        foreach ((string tier, IChatClient client) in options.TierClients)
        {
            tiers[tier] = client;
        }

        ITierPolicy policy = new RuleTierPolicy(options.Rules.Count > 0 ? options.Rules : RuleTierPolicy.DefaultRules, options.DefaultTier);
        if (string.Equals(options.Policy, TierRouterOptions.ClassifierPolicy, StringComparison.OrdinalIgnoreCase))
        {
            bool gguf = options.Tiers.TryGetValue(options.ClassifierTier, out string? classifierModel)
                && string.Equals(registry.Resolve(classifierModel).Target.Engine, "gguf", StringComparison.OrdinalIgnoreCase);
            var classifierOptions = new ClassifierTierPolicyOptions
            {
                Timeout = options.Classifier.Timeout,
                UseGrammar = options.Classifier.UseGrammar || gguf,
                DecisionFormat = options.Classifier.DecisionFormat,
                CacheDecisions = options.Classifier.CacheDecisions,
                CacheSize = options.Classifier.CacheSize,
            };
            policy = new ClassifierTierPolicy(tiers[options.ClassifierTier], policy, classifierOptions, loggerFactory?.CreateLogger<ClassifierTierPolicy>(), timeProvider);
        }

        return new TierRouterChatClient(
            tiers,
            policy,
            options,
            loggerFactory?.CreateLogger<TierRouterChatClient>(),
            timeProvider,
            services.GetService<IMeterFactory>(),
            modelNames);
    }
}
