namespace Benny.Runtime.Templates;

/// <summary>
/// Thrown by <see cref="ChatTemplate.Render(IReadOnlyDictionary{string, object?})"/> when rendering fails where
/// Python's Jinja2 would raise too: the template called <c>raise_exception</c>, used an undefined value in a way
/// that is an error, combined values of the wrong types, or a resource limit was reached. The message names the
/// template and line.
/// </summary>
public sealed class TemplateRenderException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="TemplateRenderException"/> class.</summary>
    public TemplateRenderException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TemplateRenderException"/> class with a message.</summary>
    /// <param name="message">The message that describes the error.</param>
    public TemplateRenderException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TemplateRenderException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public TemplateRenderException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TemplateRenderException"/> class for a failure at a line of a template.</summary>
    /// <param name="kind">What kind of failure it was.</param>
    /// <param name="templateName">The template's name, or <see langword="null"/> when it has none.</param>
    /// <param name="line">The 1-based line being rendered when the failure happened.</param>
    /// <param name="problem">What went wrong; for <see cref="TemplateErrorKind.RaisedByTemplate"/>, the template's own message.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public TemplateRenderException(TemplateErrorKind kind, string? templateName, int line, string problem, Exception? innerException = null)
        : base($"{templateName ?? "<template>"}, line {line}: {problem}", innerException)
    {
        Kind = kind;
        TemplateName = templateName;
        Line = line;
        Problem = problem;
    }

    /// <summary>Gets what kind of failure it was.</summary>
    /// <value><see cref="TemplateErrorKind.InvalidOperation"/> when the exception was created without a kind.</value>
    public TemplateErrorKind Kind { get; } = TemplateErrorKind.InvalidOperation;

    /// <summary>Gets the name of the template that failed.</summary>
    /// <value>The name given to <see cref="ChatTemplate.Parse(string, string?)"/>, or <see langword="null"/>.</value>
    public string? TemplateName { get; }

    /// <summary>Gets the 1-based line being rendered when the failure happened.</summary>
    /// <value>0 when the exception was created without a position.</value>
    public int Line { get; }

    /// <summary>
    /// Gets what went wrong, without the template name and line. For <see cref="TemplateErrorKind.RaisedByTemplate"/>
    /// it is exactly the message the template passed to <c>raise_exception</c>.
    /// </summary>
    /// <value>The problem, or <see langword="null"/> when the exception was created without a position.</value>
    public string? Problem { get; }
}
