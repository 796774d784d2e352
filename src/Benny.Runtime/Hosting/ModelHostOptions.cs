namespace Benny.Runtime.Hosting;

/// <summary>How the <see cref="ModelHost"/> keeps models loaded. Bound from <c>Benny:Host</c>.</summary>
public sealed class ModelHostOptions
{
    /// <summary>Gets or sets how long a model stays loaded after its last request finished.</summary>
    /// <value>Defaults to 5 minutes. <see cref="Timeout.InfiniteTimeSpan"/> keeps models until shutdown; <see cref="TimeSpan.Zero"/> unloads as soon as a model is idle.</value>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the most models loaded at once; when a new load would exceed it, the least recently used idle model unloads first.</summary>
    /// <value>Defaults to 4. 0 means no limit.</value>
    public int MaxLoadedModels { get; set; } = 4;

    /// <summary>The longest keep-alive every <see cref="TimeProvider"/> timer accepts (about 49.7 days).</summary>
    internal static readonly TimeSpan MaxKeepAlive = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Adds a line to <paramref name="errors"/> for each invalid setting, naming its configuration field.</summary>
    /// <param name="errors">Receives the problems.</param>
    internal void CollectErrors(List<string> errors)
    {
        if (KeepAlive != Timeout.InfiniteTimeSpan && (KeepAlive < TimeSpan.Zero || KeepAlive > MaxKeepAlive))
        {
            errors.Add($"Benny:Host:KeepAlive is {KeepAlive}; it must be between 0 (unload idle models at once) and {MaxKeepAlive}, or -00:00:00.001 (Timeout.InfiniteTimeSpan) to keep models until shutdown.");
        }

        if (MaxLoadedModels < 0)
        {
            errors.Add($"Benny:Host:MaxLoadedModels is {MaxLoadedModels}; it must be 0 (no limit) or more.");
        }
    }
}
