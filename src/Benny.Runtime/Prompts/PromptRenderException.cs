namespace Benny.Runtime.Prompts;

/// <summary>
/// Thrown when a prompt template cannot be rendered with the variables given: a required variable is
/// missing, the template uses a variable nobody supplied, a variable has the wrong type for the
/// template's input schema, or the template itself fails while rendering.
/// </summary>
public sealed class PromptRenderException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="PromptRenderException"/> class.</summary>
    public PromptRenderException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PromptRenderException"/> class with a message.</summary>
    /// <param name="message">The message that describes the error.</param>
    public PromptRenderException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PromptRenderException"/> class with a message and a cause.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public PromptRenderException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PromptRenderException"/> class for a prompt.</summary>
    /// <param name="promptId">The id of the prompt that failed to render.</param>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="missingVariables">The variables that were needed but not supplied; <see langword="null"/> for none.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public PromptRenderException(string promptId, string message, IReadOnlyList<string>? missingVariables, Exception? innerException = null)
        : base(message, innerException)
    {
        PromptId = promptId;
        MissingVariables = missingVariables ?? [];
    }

    /// <summary>Gets the id of the prompt that failed to render.</summary>
    /// <value>The prompt id, or <see langword="null"/> when the exception was created without one.</value>
    public string? PromptId { get; }

    /// <summary>
    /// Gets the variables that were needed but not supplied: required schema variables, and names the
    /// template used (nested ones as <c>parent.key</c>) that had no value.
    /// </summary>
    /// <value>Empty when the failure was not about missing variables.</value>
    public IReadOnlyList<string> MissingVariables { get; } = [];
}
