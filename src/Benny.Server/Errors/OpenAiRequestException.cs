namespace Benny.Server.Errors;

/// <summary>A request the server cannot serve as sent; it becomes the <see cref="Error"/> response.</summary>
public sealed class OpenAiRequestException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public OpenAiRequestException()
        : this(OpenAiError.BadRequest("The request is invalid."))
    {
    }

    /// <summary>Initializes a new instance with a 400 error.</summary>
    /// <param name="message">What is wrong.</param>
    public OpenAiRequestException(string message)
        : this(OpenAiError.BadRequest(message))
    {
    }

    /// <summary>Initializes a new instance with a 400 error and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public OpenAiRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = OpenAiError.BadRequest(message);
    }

    /// <summary>Initializes a new instance with an error.</summary>
    /// <param name="error">The error to answer with.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public OpenAiRequestException(OpenAiError error)
        : base(error?.Message)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>Gets the error response.</summary>
    public OpenAiError Error { get; }
}
