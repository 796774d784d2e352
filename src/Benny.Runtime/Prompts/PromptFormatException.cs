namespace Benny.Runtime.Prompts;

/// <summary>
/// Thrown when a prompt template file (or the <c>index.json</c> of a prompt folder) is malformed:
/// invalid YAML front matter, an unclosed Liquid tag, an unknown schema type, a bad setting value,
/// two files for the same prompt version, or an <c>index.json</c> naming an unknown prompt or version.
/// </summary>
/// <remarks>The message always names the file and the problem; <see cref="FilePath"/> names the file.</remarks>
public sealed class PromptFormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="PromptFormatException"/> class.</summary>
    public PromptFormatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PromptFormatException"/> class with a message.</summary>
    /// <param name="message">The message that describes the error.</param>
    public PromptFormatException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PromptFormatException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public PromptFormatException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PromptFormatException"/> class for a file.</summary>
    /// <param name="filePath">The malformed file.</param>
    /// <param name="problem">What is wrong with it; the message becomes <c>"&lt;filePath&gt;: &lt;problem&gt;"</c>.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public PromptFormatException(string filePath, string problem, Exception? innerException)
        : base($"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
    }

    /// <summary>Gets the path of the malformed file.</summary>
    /// <value>The path, or <see langword="null"/> when the exception was created without one.</value>
    public string? FilePath { get; }
}
