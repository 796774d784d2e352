using System.Globalization;

namespace Benny.Evaluation;

/// <summary>A limit on how far a metric may fall from the baseline: <c>routing_accuracy=0.05</c> allows a drop of 0.05.</summary>
/// <param name="Metric">The metric name.</param>
/// <param name="MaxDrop">The largest drop allowed (baseline minus candidate), 0 or more.</param>
public sealed record MetricGate(string Metric, double MaxDrop)
{
    /// <summary>Reads <c>METRIC=MAXDROP</c> (<c>routing_accuracy=0.05</c>; invariant culture).</summary>
    /// <param name="text">The gate.</param>
    /// <returns>The gate.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not <c>METRIC=NUMBER</c> with a number of 0 or more.</exception>
    public static MetricGate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        string metric = equals > 0 ? text[..equals].Trim() : "";
        if (metric.Length == 0
            || !double.TryParse(text[(equals + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double maxDrop)
            || maxDrop < 0 || !double.IsFinite(maxDrop))
        {
            throw new FormatException($"'{text}' is not a gate: write METRIC=MAXDROP with a number of 0 or more, for example routing_accuracy=0.05.");
        }

        return new MetricGate(metric, maxDrop);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Metric}={MaxDrop.ToString(CultureInfo.InvariantCulture)}";
}
