namespace Benny.Runtime.Routing;

/// <summary>
/// Every tier the <see cref="TierRouterChatClient"/> could use for a request failed or was cooling down. The message lists
/// each tier and why; <see cref="Exception.InnerException"/> is the last tier's error, if any tier was tried.
/// </summary>
public sealed class TierRoutingException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="decision">The policy's decision for the request.</param>
    /// <param name="failures">Each tier considered, in order, with why it did not serve.</param>
    /// <param name="innerException">The last error, if any.</param>
    /// <exception cref="ArgumentNullException"><paramref name="decision"/> or <paramref name="failures"/> is <see langword="null"/>.</exception>
    public TierRoutingException(TierDecision decision, IReadOnlyList<KeyValuePair<string, string>> failures, Exception? innerException)
        : base(FormatMessage(decision, failures), innerException)
    {
        Decision = decision;
        Failures = failures;
    }

    /// <summary>Gets the policy's decision for the request.</summary>
    public TierDecision Decision { get; }

    /// <summary>Gets each tier considered, in order (the chosen tier, then its fallbacks), with why it did not serve.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Failures { get; }

    private static string FormatMessage(TierDecision decision, IReadOnlyList<KeyValuePair<string, string>> failures)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(failures);
        return $"No tier could serve the request (routed to '{decision.Tier}': {decision.Reason}). "
            + string.Join("; ", failures.Select(f => $"{f.Key}: {f.Value}")) + ".";
    }
}
