using System.Diagnostics.CodeAnalysis;

namespace Benny.Runtime.Registry;

/// <summary>
/// A parsed Benny model name of the form <c>benny-&lt;purpose&gt;-&lt;s|m&gt;</c>, for example
/// <c>benny-route-s</c> or <c>benny-tool-m</c>.
/// </summary>
/// <param name="Purpose">The purpose part, lower case (<c>route</c>, <c>clean</c>, <c>tool</c>, ...).</param>
/// <param name="Size">The size class.</param>
public readonly record struct BennyName(string Purpose, ModelSize Size)
{
    private const string Prefix = "benny-";

    /// <summary>Parses a Benny name.</summary>
    /// <param name="name">A model name such as <c>benny-clean-m</c>; comparison is case-insensitive.</param>
    /// <param name="result">The purpose and size when <paramref name="name"/> is a Benny name.</param>
    /// <returns><see langword="true"/> when <paramref name="name"/> has the Benny form; otherwise <see langword="false"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, out BennyName result)
    {
        result = default;
        if (name is null || !name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        int lastDash = name.LastIndexOf('-');
        if (lastDash <= Prefix.Length || lastDash != name.Length - 2)
        {
            return false;
        }

        ModelSize size;
        switch (char.ToLowerInvariant(name[^1]))
        {
            case 's': size = ModelSize.Small; break;
            case 'm': size = ModelSize.Medium; break;
            default: return false;
        }

        string purpose = name[Prefix.Length..lastDash];
        if (purpose.Length == 0 || !purpose.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
        {
            return false;
        }

        result = new BennyName(purpose.ToLowerInvariant(), size);
        return true;
    }

    /// <summary>The size suffix letter: <c>s</c> or <c>m</c>.</summary>
    public string SizeSuffix => Size == ModelSize.Small ? "s" : "m";

    /// <inheritdoc />
    public override string ToString() => $"{Prefix}{Purpose}-{SizeSuffix}";
}
