namespace Benny.Runtime.Routing;

/// <summary>How a <see cref="TierRule"/> combines its conditions.</summary>
public enum RuleMatch
{
    /// <summary>The rule matches when every condition it sets holds.</summary>
    All,

    /// <summary>The rule matches when at least one condition it sets holds.</summary>
    Any,
}
