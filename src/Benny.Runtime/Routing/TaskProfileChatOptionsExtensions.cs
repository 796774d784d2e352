using Microsoft.Extensions.AI;

namespace Benny.Runtime.Routing;

/// <summary>
/// Typed access to the <see cref="TaskProfile"/> of a request. It travels in
/// <see cref="ChatOptions.AdditionalProperties"/> under <see cref="TaskProfileKey"/>.
/// </summary>
public static class TaskProfileChatOptionsExtensions
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of the task profile (a <see cref="TaskProfile"/>).</summary>
    public const string TaskProfileKey = "benny.task_profile";

    private static readonly TaskProfile Unknown = new();

    /// <summary>Attaches <paramref name="profile"/> to <paramref name="options"/>, replacing any profile set before.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="profile">The profile.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="profile"/> is <see langword="null"/>.</exception>
    public static ChatOptions WithTaskProfile(this ChatOptions options, TaskProfile profile)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(profile);
        (options.AdditionalProperties ??= [])[TaskProfileKey] = profile;
        return options;
    }

    /// <summary>Gets the profile attached to <paramref name="options"/>.</summary>
    /// <param name="options">The options to read; may be <see langword="null"/>.</param>
    /// <returns>The profile, or <see langword="null"/> when none is attached.</returns>
    /// <exception cref="InvalidOperationException">The value under <see cref="TaskProfileKey"/> is not a <see cref="TaskProfile"/>.</exception>
    public static TaskProfile? GetTaskProfile(this ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } properties || !properties.TryGetValue(TaskProfileKey, out object? value) || value is null)
        {
            return null;
        }

        return value as TaskProfile ?? throw new InvalidOperationException(
            $"ChatOptions.AdditionalProperties['{TaskProfileKey}'] holds a {value.GetType().Name}; expected a {nameof(TaskProfile)} (use WithTaskProfile).");
    }

    /// <summary>
    /// Gets the profile the router routes on: the attached profile (or an empty one) with unset facts inferred from the
    /// request: <see cref="TaskProfile.RequiresTools"/> is <see langword="true"/> when <see cref="ChatOptions.Tools"/> is not
    /// empty, and <see cref="TaskProfile.EstimatedOutputTokens"/> is <see cref="ChatOptions.MaxOutputTokens"/>.
    /// </summary>
    /// <param name="options">The options to read; may be <see langword="null"/>.</param>
    /// <returns>The resolved profile; facts neither set nor inferable stay <see langword="null"/> (unknown). Facts the caller set are never changed.</returns>
    /// <exception cref="InvalidOperationException">The value under <see cref="TaskProfileKey"/> is not a <see cref="TaskProfile"/>.</exception>
    public static TaskProfile ResolveTaskProfile(this ChatOptions? options)
    {
        TaskProfile profile = options.GetTaskProfile() ?? Unknown;
        if (options is null)
        {
            return profile;
        }

        bool? requiresTools = profile.RequiresTools ?? (options.Tools is { Count: > 0 } ? true : null);
        int? estimatedOutputTokens = profile.EstimatedOutputTokens ?? options.MaxOutputTokens;
        return requiresTools == profile.RequiresTools && estimatedOutputTokens == profile.EstimatedOutputTokens
            ? profile
            : profile with { RequiresTools = requiresTools, EstimatedOutputTokens = estimatedOutputTokens };
    }
}
