namespace Benny.Runtime.Hosting;

/// <summary>Owns loaded engine instances. (Placeholder: the implementation lands in the hosting change.)</summary>
public sealed class ModelHost
{
    /// <summary>Raised while a model loads.</summary>
    public event EventHandler<ModelLoadProgress>? LoadProgress;

    internal void OnLoadProgress(ModelLoadProgress progress) => LoadProgress?.Invoke(this, progress);
}
