namespace Benny.Evaluation;

/// <summary>A golden set file is malformed; the message names the file, the line and the field.</summary>
public sealed class GoldenSetFormatException : FormatException
{
    /// <summary>Initializes a new instance.</summary>
    public GoldenSetFormatException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What is wrong, where.</param>
    public GoldenSetFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the error that caused it.</summary>
    /// <param name="message">What is wrong, where.</param>
    /// <param name="innerException">The underlying error (a JSON parse error).</param>
    public GoldenSetFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for one line of a file.</summary>
    /// <param name="setName">The file (or set) name.</param>
    /// <param name="lineNumber">The 1-based line.</param>
    /// <param name="message">What is wrong with the line.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    internal GoldenSetFormatException(string setName, int lineNumber, string message, Exception? innerException = null)
        : base($"{setName} line {lineNumber}: {message}", innerException)
    {
        SetName = setName;
        LineNumber = lineNumber;
    }

    /// <summary>Gets the file (or set) name, when the error is about one line.</summary>
    public string? SetName { get; }

    /// <summary>Gets the 1-based line number, when the error is about one line.</summary>
    public int? LineNumber { get; }
}
