namespace Benny.Runtime.Routing;

/// <summary>Decides which tier serves a request (see <see cref="TierRouterChatClient"/>).</summary>
/// <remarks>Implementations are called concurrently and must be thread-safe.</remarks>
public interface ITierPolicy
{
    /// <summary>Gets the policy's name, reported in <see cref="TierDecision.Policy"/> and telemetry.</summary>
    string Name { get; }

    /// <summary>Picks the tier for one request.</summary>
    /// <param name="context">The request, its resolved task profile and the configured tiers.</param>
    /// <param name="cancellationToken">Cancels the decision.</param>
    /// <returns>The decision; its <see cref="TierDecision.Tier"/> should be one of <see cref="TierRoutingContext.Tiers"/>.</returns>
    ValueTask<TierDecision> DecideAsync(TierRoutingContext context, CancellationToken cancellationToken);
}
