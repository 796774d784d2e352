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
}
