namespace Benny.Runtime.Templates;

/// <summary>
/// Thrown by <see cref="ChatTemplate.Parse(string, string?)"/> when the template source is not valid Jinja2 or
/// uses a tag this engine does not support. The message names the template, the line and column, and what
/// was wrong.
/// </summary>
public sealed class TemplateParseException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="TemplateParseException"/> class.</summary>
    public TemplateParseException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TemplateParseException"/> class with a message.</summary>
    /// <param name="message">The message that describes the error.</param>
    public TemplateParseException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TemplateParseException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public TemplateParseException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TemplateParseException"/> class for a position in a template.</summary>
    /// <param name="templateName">The template's name, or <see langword="null"/> when it has none.</param>
    /// <param name="line">The 1-based line of the error.</param>
    /// <param name="column">The 1-based column of the error.</param>
    /// <param name="problem">What was wrong, without the position.</param>
    public TemplateParseException(string? templateName, int line, int column, string problem)
        : base($"{templateName ?? "<template>"}({line},{column}): {problem}")
    {
        TemplateName = templateName;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>Gets the name of the template that failed to parse.</summary>
    /// <value>The name given to <see cref="ChatTemplate.Parse(string, string?)"/>, or <see langword="null"/>.</value>
    public string? TemplateName { get; }

    /// <summary>Gets the 1-based line of the error.</summary>
    /// <value>0 when the exception was created without a position.</value>
    public int Line { get; }

    /// <summary>Gets the 1-based column of the error.</summary>
    /// <value>0 when the exception was created without a position.</value>
    public int Column { get; }

    /// <summary>Gets what was wrong, without the template name and position.</summary>
    /// <value>The problem, or <see langword="null"/> when the exception was created without a position.</value>
    public string? Problem { get; }
}
