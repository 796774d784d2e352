namespace Benny.Runtime.Hosting;

/// <summary>A snapshot of one model instance held by the <see cref="ModelHost"/>, from <see cref="ModelHost.GetLoadedModels"/>.</summary>
/// <param name="Engine">The engine that loads or loaded the model.</param>
/// <param name="Path">The full path of the model artifact.</param>
/// <param name="ModelNames">The model names that have used this instance (aliases and entries sharing its load settings), sorted.</param>
/// <param name="ActiveLeases">How many leases are held on the instance, counting requests still waiting for its load.</param>
/// <param name="LastUsed">When the instance was last acquired or released.</param>
/// <param name="IsLoaded"><see langword="true"/> when the load completed; <see langword="false"/> while it is in progress.</param>
public sealed record LoadedModelInfo(
    string Engine,
    string Path,
    IReadOnlyList<string> ModelNames,
    int ActiveLeases,
    DateTimeOffset LastUsed,
    bool IsLoaded);
