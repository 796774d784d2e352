namespace Benny.Runtime.Hosting;

/// <summary>Where a model stands in the <see cref="ModelHost"/>; see <see cref="ModelHost.GetStatus"/>.</summary>
public enum ModelLoadState
{
    /// <summary>Not loaded (never requested, or unloaded after its keep-alive); the next request loads it.</summary>
    NotLoaded,

    /// <summary>A load is in progress.</summary>
    Loading,

    /// <summary>Loaded and ready to serve.</summary>
    Loaded,

    /// <summary>The last load failed and no load is in progress; the next request tries again.</summary>
    Failed,
}
