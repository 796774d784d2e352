namespace Benny.Engines.Gguf.Format;

/// <summary>The exception thrown when a file is not a valid GGUF file; the message names the problem.</summary>
public sealed class GgufFormatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="GgufFormatException"/> class.</summary>
    public GgufFormatException()
        : base("The file is not a valid GGUF file.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GgufFormatException"/> class with a message.</summary>
    /// <param name="message">The message that describes the problem.</param>
    public GgufFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GgufFormatException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that describes the problem.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public GgufFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="GgufFormatException"/> class for a problem in a file at a byte offset.
    /// The message is prefixed with the file path and the offset where they are known.
    /// </summary>
    /// <param name="problem">What is wrong, for example <c>unsupported GGUF version 1</c>.</param>
    /// <param name="filePath">The path of the file, or <see langword="null"/> for a stream without a path.</param>
    /// <param name="offset">The byte offset in the file where the problem was found, or <see langword="null"/> when not known.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public GgufFormatException(string problem, string? filePath, long? offset, Exception? innerException = null)
        : base(Describe(problem, filePath, offset), innerException)
    {
        FilePath = filePath;
        Offset = offset;
    }

    /// <summary>Gets the path of the invalid file.</summary>
    /// <value>The path, or <see langword="null"/> when the file was read from a stream without a path.</value>
    public string? FilePath { get; }

    /// <summary>Gets the byte offset in the file where the problem was found.</summary>
    /// <value>The offset from the start of the file, or <see langword="null"/> when not known.</value>
    public long? Offset { get; }

    private static string Describe(string problem, string? filePath, long? offset)
    {
        string where = (filePath, offset) switch
        {
            (not null, not null) => $"'{filePath}' at byte {offset}",
            (not null, null) => $"'{filePath}'",
            (null, not null) => $"stream at byte {offset}",
            _ => "stream",
        };
        return $"Invalid GGUF file {where}: {problem}.";
    }
}
