using Microsoft.Extensions.AI;

namespace Benny.Runtime.Routing;

/// <summary>
/// Settings of the <see cref="TierRouterChatClient"/>: the tiers, the policy that picks one, and what happens when a tier
/// fails. Bound from <c>Benny:Router</c>.
/// </summary>
public sealed class TierRouterOptions
{
    /// <summary>The <see cref="Policy"/> value of the <see cref="RuleTierPolicy"/>.</summary>
    internal const string RulesPolicy = "Rules";

    /// <summary>The <see cref="Policy"/> value of the <see cref="ClassifierTierPolicy"/>.</summary>
    internal const string ClassifierPolicy = "Classifier";

    /// <summary>Gets the tiers backed by registry models: tier name → model name (case-insensitive).</summary>
    public Dictionary<string, string> Tiers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets tiers backed by any <see cref="IChatClient"/> (a remote OpenAI-compatible endpoint, an Ollama client, ...):
    /// tier name → client (case-insensitive). Set in code only; not bound from configuration. The router does not dispose them.
    /// </summary>
    public Dictionary<string, IChatClient> TierClients { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the policy: <c>Rules</c> (<see cref="RuleTierPolicy"/>) or <c>Classifier</c> (<see cref="ClassifierTierPolicy"/>, which falls back to the rules).</summary>
    /// <value>Defaults to <c>Rules</c>.</value>
    public string Policy { get; set; } = RulesPolicy;

    /// <summary>Gets the routing rules, in order (the first match wins).</summary>
    /// <value>Empty by default, which means <see cref="RuleTierPolicy.DefaultRules"/>.</value>
    public List<TierRule> Rules { get; init; } = [];

    /// <summary>Gets or sets the tier used when no rule matches.</summary>
    /// <value>Defaults to <c>heavy</c>.</value>
    public string DefaultTier { get; set; } = "heavy";

    /// <summary>Gets or sets the tier whose model classifies requests under the <c>Classifier</c> policy.</summary>
    /// <value>Defaults to <c>light</c>.</value>
    public string ClassifierTier { get; set; } = "light";

    /// <summary>Gets the classifier policy's settings.</summary>
    public ClassifierTierPolicyOptions Classifier { get; init; } = new();

    /// <summary>Gets the fallbacks: tier → the other tiers to try, in order, when it fails or is cooling down (case-insensitive).</summary>
    /// <value>Empty by default: a failing tier's error reaches the caller.</value>
    public Dictionary<string, List<string>> Fallbacks { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets how many more times a failing tier is tried before moving on to its fallbacks.</summary>
    /// <value>Defaults to 0 (one attempt per tier).</value>
    public int MaxRetries { get; set; }

    /// <summary>Gets or sets how many failures within <see cref="FailureWindow"/> a tier may have; one more puts it in cooldown.</summary>
    /// <value>Defaults to 0: the first failure starts a cooldown.</value>
    public int AllowedFails { get; set; }

    /// <summary>Gets or sets the window in which a tier's failures are counted.</summary>
    /// <value>Defaults to 1 minute.</value>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long a tier in cooldown is skipped.</summary>
    /// <value>Defaults to 30 seconds. <see cref="TimeSpan.Zero"/> turns cooldowns off.</value>
    public TimeSpan CooldownTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long one attempt on a tier may take before it is cancelled and counted as a failure (then retried or
    /// fallen back from, like any failure). A response must be complete within it; a stream must deliver its first update
    /// within it (time to first token), after which the stream runs unbounded.
    /// </summary>
    /// <value>
    /// Defaults to <see langword="null"/>: no limit, since how long a local model may take depends on the hardware and the
    /// request. Set it when a tier has a fallback that should answer in its place.
    /// </value>
    public TimeSpan? TierTimeout { get; set; }

    /// <summary>Gets per-tier overrides of <see cref="TierTimeout"/>: tier name → time budget of one attempt (case-insensitive).</summary>
    /// <value>Empty by default.</value>
    public Dictionary<string, TimeSpan> TierTimeouts { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets whether any tier is configured (the router is in use).</summary>
    internal bool IsConfigured => Tiers.Count > 0 || TierClients.Count > 0;

    /// <summary>Gets the names of every configured tier.</summary>
    internal IReadOnlyCollection<string> TierNames => [.. Tiers.Keys.Concat(TierClients.Keys).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Adds a line to <paramref name="errors"/> for each invalid setting, naming its configuration field.</summary>
    /// <param name="models">The registered model names, or <see langword="null"/> to skip the model check.</param>
    /// <param name="errors">Receives the problems.</param>
    internal void CollectErrors(Func<string, bool>? models, List<string> errors)
    {
        const string Field = "Benny:Router";
        IReadOnlyCollection<string> tiers = TierNames;
        string known = string.Join(", ", tiers);

        void CheckTier(string field, string? tier)
        {
            if (string.IsNullOrWhiteSpace(tier))
            {
                errors.Add($"{field} is empty; it must name a configured tier (tiers: {known}).");
            }
            else if (!tiers.Contains(tier, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{field} names '{tier}', which is not a configured tier (tiers: {known}).");
            }
        }

        foreach ((string tier, string model) in Tiers)
        {
            if (string.IsNullOrWhiteSpace(model))
            {
                errors.Add($"{Field}:Tiers:{tier} is empty; it must name a registered model.");
            }
            else if (models is not null && !models(model))
            {
                errors.Add($"{Field}:Tiers:{tier} names '{model}', which is not a registered model. Define '{model}' under Benny:Models or fix the name.");
            }

            if (TierClients.ContainsKey(tier))
            {
                errors.Add($"{Field}:Tiers:{tier} is also set in TierClients; a tier is backed by a model or by a client, not both.");
            }
        }

        foreach ((string tier, IChatClient? client) in TierClients)
        {
            if (client is null)
            {
                errors.Add($"{Field}:TierClients:{tier} is null.");
            }
        }

        bool classifier = string.Equals(Policy, ClassifierPolicy, StringComparison.OrdinalIgnoreCase);
        if (!classifier && !string.Equals(Policy, RulesPolicy, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{Field}:Policy is '{Policy}'; it must be '{RulesPolicy}' or '{ClassifierPolicy}'.");
        }

        CheckTier($"{Field}:DefaultTier", DefaultTier);
        if (classifier)
        {
            CheckTier($"{Field}:ClassifierTier", ClassifierTier);
            Classifier.CollectErrors($"{Field}:Classifier", errors);
        }

        if (Rules.Count == 0)
        {
            foreach (string tier in RuleTierPolicy.DefaultRules.Select(r => r.Tier!).Distinct().Where(t => !tiers.Contains(t, StringComparer.OrdinalIgnoreCase)))
            {
                errors.Add($"{Field}:Rules is empty, so the default rules apply, and they route to '{tier}', which is not a configured tier (tiers: {known}). Configure a '{tier}' tier or your own rules.");
            }
        }

        for (int i = 0; i < Rules.Count; i++)
        {
            if (Rules[i] is null)
            {
                errors.Add($"{Field}:Rules:{i} is null.");
            }
            else
            {
                Rules[i].CollectErrors($"{Field}:Rules:{i}", tiers, errors);
            }
        }

        CollectResilienceErrors(Field, tiers, errors);
    }

    /// <summary>Gets the time budget of one attempt on <paramref name="tier"/>: its <see cref="TierTimeouts"/> entry, else <see cref="TierTimeout"/>.</summary>
    internal TimeSpan? TimeoutOf(string tier) => TierTimeouts.TryGetValue(tier, out TimeSpan timeout) ? timeout : TierTimeout;

    /// <summary>Checks the fallbacks against <paramref name="tiers"/> and the retry, cooldown and time budget numbers.</summary>
    /// <param name="field">The configuration path prefix, such as <c>Benny:Router</c>.</param>
    /// <param name="tiers">The configured tiers.</param>
    /// <param name="errors">Receives the problems.</param>
    internal void CollectResilienceErrors(string field, IReadOnlyCollection<string> tiers, List<string> errors)
    {
        string known = string.Join(", ", tiers);

        void CheckTier(string name, string? tier)
        {
            if (string.IsNullOrWhiteSpace(tier) || !tiers.Contains(tier, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{name} names '{tier}', which is not a configured tier (tiers: {known}).");
            }
        }

        foreach ((string tier, List<string> fallbacks) in Fallbacks)
        {
            if (!tiers.Contains(tier, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{field}:Fallbacks:{tier} lists fallbacks of '{tier}', which is not a configured tier (tiers: {known}).");
            }

            for (int i = 0; i < (fallbacks?.Count ?? 0); i++)
            {
                CheckTier($"{field}:Fallbacks:{tier}:{i}", fallbacks![i]);
            }
        }

        if (MaxRetries < 0)
        {
            errors.Add($"{field}:MaxRetries is {MaxRetries}; it must be 0 or more.");
        }

        if (AllowedFails < 0)
        {
            errors.Add($"{field}:AllowedFails is {AllowedFails}; it must be 0 or more.");
        }

        if (FailureWindow <= TimeSpan.Zero)
        {
            errors.Add($"{field}:FailureWindow is {FailureWindow}; it must be positive.");
        }

        if (CooldownTime < TimeSpan.Zero)
        {
            errors.Add($"{field}:CooldownTime is {CooldownTime}; it must be 0 (no cooldown) or more.");
        }

        if (TierTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{field}:TierTimeout is {TierTimeout}; it must be positive, or left out for no limit.");
        }

        foreach ((string tier, TimeSpan timeout) in TierTimeouts)
        {
            if (!tiers.Contains(tier, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{field}:TierTimeouts:{tier} sets the time budget of '{tier}', which is not a configured tier (tiers: {known}).");
            }

            if (timeout <= TimeSpan.Zero)
            {
                errors.Add($"{field}:TierTimeouts:{tier} is {timeout}; it must be positive.");
            }
        }
    }
}
