using Microsoft.Extensions.AI;

namespace Benny.Runtime.Routing;

/// <summary>What an <see cref="ITierPolicy"/> decides on.</summary>
/// <param name="Messages">The request's messages.</param>
/// <param name="Options">The request's options, if any.</param>
/// <param name="Profile">The task profile, resolved with <see cref="TaskProfileChatOptionsExtensions.ResolveTaskProfile"/>.</param>
/// <param name="Tiers">The names of the configured tiers.</param>
public sealed record TierRoutingContext(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options, TaskProfile Profile, IReadOnlyCollection<string> Tiers);
