using System.Net;

namespace Benny.Runtime.Provisioning;

/// <summary>A model artifact could not be downloaded or verified. The message names the repository and file and says what to do.</summary>
public sealed class ModelDownloadException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public ModelDownloadException()
        : this("The model artifact could not be downloaded.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What failed and what to do.</param>
    public ModelDownloadException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public ModelDownloadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance naming the repository, file and HTTP status.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="repository">The repository id.</param>
    /// <param name="file">The file in the repository.</param>
    /// <param name="statusCode">The HTTP status that failed the download, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ModelDownloadException(string message, string repository, string file, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Repository = repository;
        File = file;
        StatusCode = statusCode;
    }

    /// <summary>Gets the repository id (<c>owner/repo</c>), when known.</summary>
    public string? Repository { get; }

    /// <summary>Gets the file in the repository, when known.</summary>
    public string? File { get; }

    /// <summary>Gets the HTTP status that failed the download, if any.</summary>
    public HttpStatusCode? StatusCode { get; }
}
