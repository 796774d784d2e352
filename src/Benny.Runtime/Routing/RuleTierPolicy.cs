using System.Collections.Concurrent;

namespace Benny.Runtime.Routing;

/// <summary>
/// Routes by rules on the <see cref="TaskProfile"/>: the first matching <see cref="TierRule"/> wins; when none matches,
/// the default tier ("heavy when unsure").
/// </summary>
/// <remarks>
/// Immutable once created; safe to use from any thread. A decision depends only on the profile, so the decisions of up
/// to <see cref="MaxCachedDecisions"/> distinct profiles are kept and returned again for an equal profile.
/// </remarks>
public sealed class RuleTierPolicy : ITierPolicy
{
    /// <summary>The most distinct profiles whose decisions are kept; the decisions of others are computed per request.</summary>
    private const int MaxCachedDecisions = 256;

    private readonly TierRule[] _rules;
    private readonly string _defaultTier;
    private readonly TierDecision _defaultDecision;
    private readonly ConcurrentDictionary<TaskProfile, TierDecision> _decisions = new();
    private int _cachedDecisions;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="rules">The rules, in order; the first match wins. Copied: later changes to the rules have no effect.</param>
    /// <param name="defaultTier">The tier when no rule matches.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rules"/>, one of its rules, or <paramref name="defaultTier"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A rule has no tier or a negative bound, or <paramref name="defaultTier"/> is empty.</exception>
    public RuleTierPolicy(IEnumerable<TierRule> rules, string defaultTier = "heavy")
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultTier);
        _rules = [.. rules.Select(Copy)];
        var errors = new List<string>();
        for (int i = 0; i < _rules.Length; i++)
        {
            _rules[i].CollectErrors($"rules[{i}]", tiers: null, errors);
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(rules));
        }

        _defaultTier = defaultTier;
        _defaultDecision = new TierDecision(_defaultTier, $"no rule matched; default tier '{_defaultTier}'", Name);
    }

    /// <summary>Gets the rules of the design, in order: light task types, short output, simple without tools, then heavy signals.</summary>
    /// <value>
    /// <list type="number">
    /// <item><c>light-task-types</c>: task type routing, classification, intent_detection or asr_cleanup → <c>light</c>.</item>
    /// <item><c>short-output</c>: estimated output below 50 tokens → <c>light</c>.</item>
    /// <item><c>simple-without-tools</c>: requires no tools and complexity <see cref="TaskComplexity.Low"/> → <c>light</c>.</item>
    /// <item><c>heavy-signals</c> (<see cref="RuleMatch.Any"/>): requires planning, 2 or more steps, requires tools, estimated output above 100 tokens, or domain erp, crm, it_ops or oa → <c>heavy</c>.</item>
    /// </list>
    /// A new list of new rules on every call, so callers may change it.
    /// </value>
    public static IReadOnlyList<TierRule> DefaultRules =>
    [
        new TierRule { Name = "light-task-types", Tier = "light", TaskTypes = ["routing", "classification", "intent_detection", "asr_cleanup"] },
        new TierRule { Name = "short-output", Tier = "light", OutputTokensBelow = 50 },
        new TierRule { Name = "simple-without-tools", Tier = "light", RequiresTools = false, Complexities = [TaskComplexity.Low] },
        new TierRule
        {
            Name = "heavy-signals",
            Tier = "heavy",
            Match = RuleMatch.Any,
            RequiresPlanning = true,
            MinSteps = 2,
            RequiresTools = true,
            OutputTokensAbove = 100,
            Domains = ["erp", "crm", "it_ops", "oa"],
        },
    ];

    /// <summary>Gets the policy name, <c>Rules</c>.</summary>
    public string Name => "Rules";

    /// <summary>Gets copies of the rules, in order: changing them does not change the policy.</summary>
    public IReadOnlyList<TierRule> Rules => Array.AsReadOnly(_rules.Select(Copy).ToArray());

    /// <summary>Gets the tier used when no rule matches.</summary>
    public string DefaultTier => _defaultTier;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public ValueTask<TierDecision> DecideAsync(TierRoutingContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(Decide(context.Profile));
    }

    /// <summary>Decides on a resolved profile (what <see cref="DecideAsync"/> does, without a context; the router's fast path).</summary>
    internal TierDecision Decide(TaskProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile, nameof(TierRoutingContext.Profile));
        if (_decisions.TryGetValue(profile, out TierDecision? cached))
        {
            return cached;
        }

        TierDecision decision = Evaluate(profile);
        if (Volatile.Read(ref _cachedDecisions) < MaxCachedDecisions && _decisions.TryAdd(profile, decision))
        {
            Interlocked.Increment(ref _cachedDecisions);
        }

        return decision;
    }

    private TierDecision Evaluate(TaskProfile profile)
    {
        for (int i = 0; i < _rules.Length; i++)
        {
            TierRule rule = _rules[i];
            if (rule.Matches(profile, out string facts))
            {
                string name = rule.Name ?? $"#{i + 1}";
                string reason = facts.Length == 0 ? $"catch-all rule {name}" : $"{facts} (rule {name})";
                return new TierDecision(rule.Tier!, reason, Name);
            }
        }

        return _defaultDecision;
    }

    private static TierRule Copy(TierRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule, "rules");
        return new TierRule
        {
            Name = rule.Name,
            Tier = rule.Tier,
            Match = rule.Match,
            TaskTypes = [.. rule.TaskTypes ?? []],
            OutputTokensBelow = rule.OutputTokensBelow,
            OutputTokensAbove = rule.OutputTokensAbove,
            RequiresTools = rule.RequiresTools,
            RequiresPlanning = rule.RequiresPlanning,
            MinSteps = rule.MinSteps,
            Complexities = [.. rule.Complexities ?? []],
            Domains = [.. rule.Domains ?? []],
        };
    }
}
