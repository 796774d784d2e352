namespace Benny.Runtime.Hosting;

/// <summary>
/// A model could not be loaded: the engine provider failed (missing or invalid file, unsupported device,
/// missing native libraries, ...). <see cref="Exception.InnerException"/> holds the provider's exception.
/// </summary>
/// <remarks>
/// Every request waiting for the same load receives its own <see cref="ModelLoadException"/>; the host
/// forgets the failed load, so a later request tries again.
/// </remarks>
public sealed class ModelLoadException : Exception
{
    /// <summary>Initializes a new instance with a message that says what failed and what to check.</summary>
    /// <param name="modelName">The model name that was requested.</param>
    /// <param name="engine">The engine that tried to load the model.</param>
    /// <param name="path">The model artifact (file or folder) that was loaded.</param>
    /// <param name="innerException">The exception the engine provider threw.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public ModelLoadException(string modelName, string engine, string path, Exception innerException)
        : base(FormatMessage(modelName, engine, path, innerException), innerException)
    {
        ModelName = modelName;
        Engine = engine;
        Path = path;
    }

    /// <summary>Gets the model name that was requested.</summary>
    public string ModelName { get; }

    /// <summary>Gets the engine that tried to load the model.</summary>
    public string Engine { get; }

    /// <summary>Gets the model artifact (file or folder) that was loaded, as a full path.</summary>
    public string Path { get; }

    private static string FormatMessage(string modelName, string engine, string path, Exception innerException)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(innerException);
        return $"Model '{modelName}' could not be loaded by engine '{engine}' from '{path}': {innerException.Message} "
            + "Check that the path exists and holds a model in the engine's format, that the load settings (device, backend, "
            + "GPU layers, context size) suit this machine, and that the engine's native libraries are installed. "
            + "The next request for the model tries the load again.";
    }
}
