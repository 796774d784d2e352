namespace Benny.Runtime.Hosting;

/// <summary>The load state of one model name, from <see cref="ModelHost.GetStatus"/>.</summary>
/// <param name="ModelName">The model name, as the registry spells it.</param>
/// <param name="State">Whether the instance serving the name is loaded, loading, not loaded, or failed to load last time.</param>
/// <param name="Error">The message of the last load failure when <paramref name="State"/> is <see cref="ModelLoadState.Failed"/>; otherwise <see langword="null"/>.</param>
/// <param name="FailedAt">When the last load failed, for <see cref="ModelLoadState.Failed"/>; otherwise <see langword="null"/>.</param>
public sealed record ModelStatus(string ModelName, ModelLoadState State, string? Error = null, DateTimeOffset? FailedAt = null);
