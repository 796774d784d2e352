using System.Globalization;

namespace Benny.Runtime.Routing;

/// <summary>
/// One routing rule of a <see cref="RuleTierPolicy"/>: conditions on the <see cref="TaskProfile"/>, and the tier to use
/// when they match. Bound from configuration (<c>Benny:Router:Rules</c>) or built in code.
/// </summary>
/// <remarks>
/// Every condition is optional. A condition whose profile fact is unknown (<see langword="null"/>) does not hold.
/// A rule that sets no condition always matches (a catch-all). Strings compare case-insensitively.
/// </remarks>
public sealed class TierRule
{
    /// <summary>Gets or sets the rule's name, reported in decision reasons.</summary>
    /// <value>Defaults to <see langword="null"/>: the rule is reported by its position.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets the tier a matching request goes to. Required.</summary>
    public string? Tier { get; set; }

    /// <summary>Gets or sets how the conditions combine.</summary>
    /// <value>Defaults to <see cref="RuleMatch.All"/>.</value>
    public RuleMatch Match { get; set; } = RuleMatch.All;

    /// <summary>Gets or sets the task types (<see cref="TaskProfile.Type"/>) that satisfy the rule.</summary>
    /// <value>Empty by default: no condition on the type.</value>
    public List<string> TaskTypes { get; set; } = [];

    /// <summary>Gets or sets a bound the estimated output (<see cref="TaskProfile.EstimatedOutputTokens"/>) must stay below.</summary>
    public int? OutputTokensBelow { get; set; }

    /// <summary>Gets or sets a bound the estimated output (<see cref="TaskProfile.EstimatedOutputTokens"/>) must exceed.</summary>
    public int? OutputTokensAbove { get; set; }

    /// <summary>Gets or sets the value <see cref="TaskProfile.RequiresTools"/> must have.</summary>
    public bool? RequiresTools { get; set; }

    /// <summary>Gets or sets the value <see cref="TaskProfile.RequiresPlanning"/> must have.</summary>
    public bool? RequiresPlanning { get; set; }

    /// <summary>Gets or sets the fewest steps (<see cref="TaskProfile.Steps"/>) that satisfy the rule.</summary>
    public int? MinSteps { get; set; }

    /// <summary>Gets or sets the complexities (<see cref="TaskProfile.Complexity"/>) that satisfy the rule.</summary>
    /// <value>Empty by default: no condition on the complexity.</value>
    public List<TaskComplexity> Complexities { get; set; } = [];

    /// <summary>Gets or sets the domains (<see cref="TaskProfile.Domain"/>) that satisfy the rule.</summary>
    /// <value>Empty by default: no condition on the domain.</value>
    public List<string> Domains { get; set; } = [];

    /// <summary>Evaluates the rule against <paramref name="profile"/>.</summary>
    /// <param name="profile">The resolved task profile.</param>
    /// <param name="facts">The facts that made the rule match, as a phrase; empty for a catch-all.</param>
    /// <returns>Whether the rule matches.</returns>
    internal bool Matches(TaskProfile profile, out string facts)
    {
        var held = new List<string>();
        int conditions = 0;
        int holding = 0;

        void Check(bool isSet, Func<bool> holds, Func<string> fact)
        {
            if (!isSet)
            {
                return;
            }

            conditions++;
            if (holds())
            {
                holding++;
                held.Add(fact());
            }
        }

        Check(TaskTypes is { Count: > 0 }, () => profile.Type is { } type && TaskTypes.Contains(type, StringComparer.OrdinalIgnoreCase),
            () => $"task type '{profile.Type}' is in [{string.Join(", ", TaskTypes)}]");
        Check(OutputTokensBelow is not null, () => profile.EstimatedOutputTokens < OutputTokensBelow,
            () => $"the estimated output of {profile.EstimatedOutputTokens} tokens is below {OutputTokensBelow}");
        Check(OutputTokensAbove is not null, () => profile.EstimatedOutputTokens > OutputTokensAbove,
            () => $"the estimated output of {profile.EstimatedOutputTokens} tokens is above {OutputTokensAbove}");
        Check(RequiresTools is not null, () => profile.RequiresTools is { } tools && tools == RequiresTools,
            () => RequiresTools == true ? "the task requires tools" : "the task requires no tools");
        Check(RequiresPlanning is not null, () => profile.RequiresPlanning is { } planning && planning == RequiresPlanning,
            () => RequiresPlanning == true ? "the task requires planning" : "the task requires no planning");
        Check(MinSteps is not null, () => profile.Steps >= MinSteps,
            () => string.Create(CultureInfo.InvariantCulture, $"the task takes {profile.Steps} steps (at least {MinSteps})"));
        Check(Complexities is { Count: > 0 }, () => profile.Complexity is { } complexity && Complexities.Contains(complexity),
            () => $"complexity {profile.Complexity} is in [{string.Join(", ", Complexities)}]");
        Check(Domains is { Count: > 0 }, () => profile.Domain is { } domain && Domains.Contains(domain, StringComparer.OrdinalIgnoreCase),
            () => $"domain '{profile.Domain}' is in [{string.Join(", ", Domains)}]");

        bool matches = conditions == 0 || (Match == RuleMatch.All ? holding == conditions : holding > 0);
        facts = matches ? string.Join(" and ", held) : "";
        return matches;
    }

    /// <summary>Adds a line to <paramref name="errors"/> for each invalid setting, naming its configuration field.</summary>
    /// <param name="field">The rule's configuration path, such as <c>Benny:Router:Rules:0</c>.</param>
    /// <param name="tiers">The configured tiers, or <see langword="null"/> to skip the tier check.</param>
    /// <param name="errors">Receives the problems.</param>
    internal void CollectErrors(string field, IReadOnlyCollection<string>? tiers, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(Tier))
        {
            errors.Add($"{field}:Tier is missing; every rule names the tier it routes to.");
        }
        else if (tiers is not null && !tiers.Contains(Tier, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{field}:Tier names '{Tier}', which is not a configured tier (tiers: {string.Join(", ", tiers)}).");
        }

        if (OutputTokensBelow < 0)
        {
            errors.Add($"{field}:OutputTokensBelow is {OutputTokensBelow}; it must be 0 or more.");
        }

        if (OutputTokensAbove < 0)
        {
            errors.Add($"{field}:OutputTokensAbove is {OutputTokensAbove}; it must be 0 or more.");
        }

        if (MinSteps < 0)
        {
            errors.Add($"{field}:MinSteps is {MinSteps}; it must be 0 or more.");
        }
    }
}
