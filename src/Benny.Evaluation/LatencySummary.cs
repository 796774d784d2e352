namespace Benny.Evaluation;

/// <summary>The distribution of a time over a variant's answered cases, in milliseconds.</summary>
public sealed class LatencySummary
{
    /// <summary>Gets the mean, or <see langword="null"/> without a measurement.</summary>
    public double? MeanMs { get; init; }

    /// <summary>Gets the median, or <see langword="null"/> without a measurement.</summary>
    public double? P50Ms { get; init; }

    /// <summary>Gets the 95th percentile (linear interpolation between ranks), or <see langword="null"/> without a measurement.</summary>
    public double? P95Ms { get; init; }

    /// <summary>Summarizes <paramref name="values"/>.</summary>
    internal static LatencySummary Of(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0
            ? new LatencySummary()
            : new LatencySummary { MeanMs = Round(sorted.Average()), P50Ms = Round(Percentile(sorted, 0.50)), P95Ms = Round(Percentile(sorted, 0.95)) };
    }

    /// <summary>The percentile <paramref name="p"/> of sorted values, interpolating linearly between the two nearest ranks.</summary>
    internal static double Percentile(double[] sorted, double p)
    {
        double rank = p * (sorted.Length - 1);
        int below = (int)Math.Floor(rank);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((rank - below) * (sorted[above] - sorted[below]));
    }

    private static double Round(double value) => Math.Round(value, 2);
}
