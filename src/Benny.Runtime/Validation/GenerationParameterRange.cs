using System.Globalization;

namespace Benny.Runtime.Validation;

/// <summary>The values a generation parameter accepts: an interval of finite numbers, one end optionally open or unbounded.</summary>
/// <remarks>Instances come from <see cref="GenerationParameterRanges"/>, the one table every check uses.</remarks>
public sealed class GenerationParameterRange
{
    internal GenerationParameterRange(string name, double minimum, bool minimumInclusive, double maximum, string? note = null)
    {
        Name = name;
        Minimum = minimum;
        MinimumInclusive = minimumInclusive;
        Maximum = maximum;
        Note = note;
    }

    /// <summary>Gets the parameter's name, as <c>ChatOptions</c> and <c>GenerationPreset</c> spell it (<c>Temperature</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the lower bound.</summary>
    public double Minimum { get; }

    /// <summary>Gets whether <see cref="Minimum"/> itself is allowed.</summary>
    public bool MinimumInclusive { get; }

    /// <summary>Gets the upper bound, always allowed; <see cref="double.PositiveInfinity"/> means none (values must still be finite).</summary>
    public double Maximum { get; }

    /// <summary>Gets what special values mean (<c>0 = greedy</c>), or <see langword="null"/>.</summary>
    public string? Note { get; }

    /// <summary>Returns whether <paramref name="value"/> is in range (never for NaN or an infinity).</summary>
    /// <param name="value">The value to check.</param>
    /// <returns><see langword="true"/> when the value is allowed.</returns>
    public bool Contains(double value) =>
        double.IsFinite(value)
        && (MinimumInclusive ? value >= Minimum : value > Minimum)
        && value <= Maximum;

    /// <summary>Returns the message for an out-of-range value, or <see langword="null"/> when <paramref name="value"/> is unset or in range.</summary>
    /// <param name="field">What to name: a configuration path (<c>Benny:Presets:tool:Temperature</c>) or <c>ChatOptions.Temperature</c>.</param>
    /// <param name="value">The value; <see langword="null"/> means unset, which is always fine.</param>
    /// <returns>For example <c>Benny:Presets:tool:Temperature is 9; it must be in [0, 2] (0 = greedy).</c></returns>
    public string? GetError(string field, double? value) =>
        value is { } v && !Contains(v)
            ? $"{field} is {v.ToString(CultureInfo.InvariantCulture)}; it must be {Describe()}."
            : null;

    /// <summary>Throws when <paramref name="value"/> is set and out of range.</summary>
    /// <param name="value">The value; <see langword="null"/> means unset.</param>
    /// <param name="field">What the message names (<c>ChatOptions.TopP</c>).</param>
    /// <param name="parameterName">The parameter named by the exception.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of range.</exception>
    public void ThrowIfOutOfRange(double? value, string field, string parameterName)
    {
        if (GetError(field, value) is { } message)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, message);
        }
    }

    /// <summary>Describes the range: <c>in [0, 2] (0 = greedy)</c>, <c>1 or more</c>, <c>more than 0</c>.</summary>
    /// <returns>The description used in messages.</returns>
    public string Describe()
    {
        string min = Minimum.ToString(CultureInfo.InvariantCulture);
        string range = double.IsPositiveInfinity(Maximum)
            ? (MinimumInclusive ? $"{min} or more" : $"more than {min}")
            : $"in {(MinimumInclusive ? "[" : "(")}{min}, {Maximum.ToString(CultureInfo.InvariantCulture)}]";
        return Note is null ? range : $"{range} ({Note})";
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Describe()}";
}
