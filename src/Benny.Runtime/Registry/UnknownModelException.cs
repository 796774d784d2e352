namespace Benny.Runtime.Registry;

/// <summary>A model name was asked for that the registry does not have.</summary>
public sealed class UnknownModelException : KeyNotFoundException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="modelName">The name asked for.</param>
    /// <param name="knownNames">The names the registry has, listed in the message.</param>
    public UnknownModelException(string modelName, IEnumerable<string> knownNames)
        : base(FormatMessage(modelName, knownNames))
    {
        ModelName = modelName;
    }

    /// <summary>Gets the name that was asked for.</summary>
    public string ModelName { get; }

    private static string FormatMessage(string modelName, IEnumerable<string> knownNames)
    {
        string known = string.Join(", ", knownNames.Order(StringComparer.OrdinalIgnoreCase));
        return $"Unknown model '{modelName}'. Add it under Benny:Models (or import it) before using it. "
            + (known.Length == 0 ? "The registry is empty." : $"Registered models: {known}.");
    }
}
