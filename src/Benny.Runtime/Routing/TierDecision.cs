namespace Benny.Runtime.Routing;

/// <summary>The outcome of an <see cref="ITierPolicy"/>.</summary>
/// <param name="Tier">The tier to serve the request.</param>
/// <param name="Reason">Why, as a sentence, such as "task type 'classification' is in [routing, classification, intent_detection, asr_cleanup] (rule light-task-types)".</param>
/// <param name="Policy">The name of the policy that made the decision (a fallback policy's name when the primary policy gave up).</param>
public sealed record TierDecision(string Tier, string Reason, string Policy);
