namespace Benny.Engines.OpenVino.Native;

/// <summary>
/// <see cref="IGenAiRuntime"/> over the OpenVINO GenAI C API. Constructing it loads the natives through
/// <see cref="OpenVinoNativeLibrary.EnsureLoaded"/> (once per process).
/// </summary>
internal sealed class NativeGenAiRuntime : IGenAiRuntime
{
    private readonly OpenVinoNativeDiagnostics _diagnostics;

    /// <summary>Initializes a new instance, loading the natives if they are not loaded yet.</summary>
    /// <param name="configuredDirectory">The folder from <c>OpenVinoEngineOptions.NativeLibraryDirectory</c>, or <see langword="null"/> to search.</param>
    /// <exception cref="DllNotFoundException">The natives were not found (the message lists the paths searched and what to install).</exception>
    /// <exception cref="InvalidOperationException">The natives were already loaded from another folder.</exception>
    public NativeGenAiRuntime(string? configuredDirectory)
    {
        _diagnostics = OpenVinoNativeLibrary.EnsureLoaded(configuredDirectory);
    }

    /// <summary>Gets what was searched and loaded.</summary>
    public OpenVinoNativeDiagnostics Diagnostics => _diagnostics;

    /// <inheritdoc />
    public string Description => _diagnostics.Description;

    /// <inheritdoc />
    public IGenAiPipeline CreatePipeline(string modelFolder, string device, IReadOnlyList<KeyValuePair<string, string>> properties)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelFolder);
        ArgumentException.ThrowIfNullOrEmpty(device);
        ArgumentNullException.ThrowIfNull(properties);
        return new NativeGenAiPipeline(Interop.CreateLlmPipeline(modelFolder, device, properties));
    }
}
