using Benny.Runtime.Routing;
using Microsoft.Extensions.AI;

namespace Benny.Evaluation.Evaluators;

/// <summary>
/// Reads the tier router's annotations from a response. A streamed response put together with <c>ToChatResponse</c> keeps
/// its updates' properties on the response only when the updates carry no message id; otherwise they are on the messages.
/// </summary>
internal static class RouteAnnotations
{
    /// <summary>The tier that served, or <see langword="null"/> when the response was not routed.</summary>
    public static string? ServedTier(ChatResponse response) => Find(response, TierRouterChatClient.TierKey);

    /// <summary>The tier the router's policy chose: the one it fell back from, else the one that served.</summary>
    public static string? ChosenTier(ChatResponse response) => Find(response, TierRouterChatClient.FallbackFromKey) ?? ServedTier(response);

    private static string? Find(ChatResponse response, string key)
    {
        if (Value(response.AdditionalProperties, key) is { } onResponse)
        {
            return onResponse;
        }

        for (int i = response.Messages.Count - 1; i >= 0; i--)
        {
            if (Value(response.Messages[i].AdditionalProperties, key) is { } onMessage)
            {
                return onMessage;
            }
        }

        return null;
    }

    private static string? Value(AdditionalPropertiesDictionary? properties, string key)
        => properties is not null && properties.TryGetValue(key, out object? value) && value?.ToString() is { Length: > 0 } text ? text : null;
}
