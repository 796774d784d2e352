namespace Benny.Runtime.Registry;

/// <summary>The model registry is invalid: an unknown alias target, an alias cycle, a missing engine or path, ...</summary>
/// <remarks>The message lists every problem found, each naming the model and the configuration field to fix.</remarks>
public sealed class ModelRegistryException : Exception
{
    /// <summary>Initializes a new instance with the problems found.</summary>
    /// <param name="errors">One line per problem.</param>
    public ModelRegistryException(IReadOnlyList<string> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public ModelRegistryException(string message)
        : base(message)
    {
        Errors = [message];
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ModelRegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Gets the problems found, one line each.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string FormatMessage(IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 1
            ? $"The Benny model registry is invalid: {errors[0]}"
            : $"The Benny model registry is invalid ({errors.Count} problems):{Environment.NewLine}- {string.Join(Environment.NewLine + "- ", errors)}";
    }
}
