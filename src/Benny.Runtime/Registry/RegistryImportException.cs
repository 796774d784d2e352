namespace Benny.Runtime.Registry;

/// <summary>
/// The exception thrown when a file imported into the model registry (a converter <c>registry.json</c>,
/// a model folder's <c>conversion.json</c> or a profiles manifest) cannot be read as such.
/// </summary>
/// <remarks>
/// The message names the file, the JSON path of the offending value (for example
/// <c>$.models.benny-route-s.path</c>) and what to change. A missing file is reported with
/// <see cref="FileNotFoundException"/> instead.
/// </remarks>
public sealed class RegistryImportException : Exception
{
    /// <summary>Initializes a new instance with a generic message and no file.</summary>
    public RegistryImportException()
        : this("A registry file could not be imported.")
    {
    }

    /// <summary>Initializes a new instance with a message and no file.</summary>
    /// <param name="message">The message that describes the error.</param>
    public RegistryImportException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Initializes a new instance with a message, no file and the exception that caused this one.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public RegistryImportException(string message, Exception? innerException)
        : base(message, innerException)
    {
        FilePath = "";
    }

    /// <summary>Initializes a new instance for a problem in a given file.</summary>
    /// <param name="message">The message that describes the error; it should name the file, the JSON path and what to do.</param>
    /// <param name="filePath">The full path of the file that could not be imported.</param>
    /// <param name="jsonPath">The JSON path of the offending value (for example <c>$.models</c>), or <see langword="null"/> when the problem is not one value.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="filePath"/> is <see langword="null"/>.</exception>
    public RegistryImportException(string message, string filePath, string? jsonPath, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        FilePath = filePath;
        JsonPath = jsonPath;
    }

    /// <summary>Gets the full path of the file that could not be imported.</summary>
    /// <value>Empty when the exception was created without a file.</value>
    public string FilePath { get; }

    /// <summary>Gets the JSON path of the offending value, such as <c>$.profiles.default.models.general.parameters.num_predict</c>.</summary>
    /// <value><see langword="null"/> when the problem is not tied to one value (for example malformed JSON without a known path).</value>
    public string? JsonPath { get; }
}
