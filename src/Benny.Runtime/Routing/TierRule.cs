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
        // The conditions are evaluated without allocating; the phrase is built only for a match.
        Conditions set = Conditions.None;
        Conditions holding = Conditions.None;
        if (TaskTypes is { Count: > 0 })
        {
            set |= Conditions.TaskType;
            holding |= profile.Type is { } type && Contains(TaskTypes, type) ? Conditions.TaskType : Conditions.None;
        }

        if (OutputTokensBelow is not null)
        {
            set |= Conditions.OutputBelow;
            holding |= profile.EstimatedOutputTokens < OutputTokensBelow ? Conditions.OutputBelow : Conditions.None;
        }

        if (OutputTokensAbove is not null)
        {
            set |= Conditions.OutputAbove;
            holding |= profile.EstimatedOutputTokens > OutputTokensAbove ? Conditions.OutputAbove : Conditions.None;
        }

        if (RequiresTools is not null)
        {
            set |= Conditions.Tools;
            holding |= profile.RequiresTools is { } tools && tools == RequiresTools ? Conditions.Tools : Conditions.None;
        }

        if (RequiresPlanning is not null)
        {
            set |= Conditions.Planning;
            holding |= profile.RequiresPlanning is { } planning && planning == RequiresPlanning ? Conditions.Planning : Conditions.None;
        }

        if (MinSteps is not null)
        {
            set |= Conditions.Steps;
            holding |= profile.Steps >= MinSteps ? Conditions.Steps : Conditions.None;
        }

        if (Complexities is { Count: > 0 })
        {
            set |= Conditions.Complexity;
            holding |= profile.Complexity is { } complexity && Complexities.Contains(complexity) ? Conditions.Complexity : Conditions.None;
        }

        if (Domains is { Count: > 0 })
        {
            set |= Conditions.Domain;
            holding |= profile.Domain is { } domain && Contains(Domains, domain) ? Conditions.Domain : Conditions.None;
        }

        bool matches = set == Conditions.None || (Match == RuleMatch.All ? holding == set : holding != Conditions.None);
        facts = matches ? Describe(profile, holding) : "";
        return matches;
    }

    /// <summary>The facts that made the rule match, as a phrase, in the order of the conditions.</summary>
    private string Describe(TaskProfile profile, Conditions holding)
    {
        if (holding == Conditions.None)
        {
            return "";
        }

        var held = new List<string>();
        if (holding.HasFlag(Conditions.TaskType))
        {
            held.Add($"task type '{profile.Type}' is in [{string.Join(", ", TaskTypes)}]");
        }

        if (holding.HasFlag(Conditions.OutputBelow))
        {
            held.Add($"the estimated output of {profile.EstimatedOutputTokens} tokens is below {OutputTokensBelow}");
        }

        if (holding.HasFlag(Conditions.OutputAbove))
        {
            held.Add($"the estimated output of {profile.EstimatedOutputTokens} tokens is above {OutputTokensAbove}");
        }

        if (holding.HasFlag(Conditions.Tools))
        {
            held.Add(RequiresTools == true ? "the task requires tools" : "the task requires no tools");
        }

        if (holding.HasFlag(Conditions.Planning))
        {
            held.Add(RequiresPlanning == true ? "the task requires planning" : "the task requires no planning");
        }

        if (holding.HasFlag(Conditions.Steps))
        {
            held.Add(string.Create(CultureInfo.InvariantCulture, $"the task takes {profile.Steps} steps (at least {MinSteps})"));
        }

        if (holding.HasFlag(Conditions.Complexity))
        {
            held.Add($"complexity {profile.Complexity} is in [{string.Join(", ", Complexities)}]");
        }

        if (holding.HasFlag(Conditions.Domain))
        {
            held.Add($"domain '{profile.Domain}' is in [{string.Join(", ", Domains)}]");
        }

        return string.Join(" and ", held);
    }

    private static bool Contains(List<string> values, string value)
    {
        foreach (string candidate in values)
        {
            if (string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
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

    /// <summary>The conditions of a rule, as flags.</summary>
    [Flags]
    private enum Conditions
    {
        None = 0,
        TaskType = 1 << 0,
        OutputBelow = 1 << 1,
        OutputAbove = 1 << 2,
        Tools = 1 << 3,
        Planning = 1 << 4,
        Steps = 1 << 5,
        Complexity = 1 << 6,
        Domain = 1 << 7,
    }
}
