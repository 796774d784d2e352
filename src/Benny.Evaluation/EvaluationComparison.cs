using System.Globalization;
using System.Text;

namespace Benny.Evaluation;

/// <summary>
/// Two reports side by side: a baseline (an earlier run, read with <see cref="EvaluationReport.Load"/>) and a candidate. Each
/// variant of the candidate is matched with the baseline's variant of the same name, or, when each report has one variant,
/// with that one; <see cref="Deltas"/> lists each metric's change and <see cref="Check"/> applies gates.
/// </summary>
public sealed class EvaluationComparison
{
    private EvaluationComparison(EvaluationReport baseline, EvaluationReport candidate, List<MetricDelta> deltas)
    {
        Baseline = baseline;
        Candidate = candidate;
        Deltas = deltas;
    }

    /// <summary>Gets the baseline report.</summary>
    public EvaluationReport Baseline { get; }

    /// <summary>Gets the candidate report.</summary>
    public EvaluationReport Candidate { get; }

    /// <summary>Gets each matched variant's metrics, in the candidate's variant order, metrics by name.</summary>
    public IReadOnlyList<MetricDelta> Deltas { get; }

    /// <summary>Compares <paramref name="candidate"/> with <paramref name="baseline"/>.</summary>
    /// <param name="baseline">The reference run.</param>
    /// <param name="candidate">The new run.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static EvaluationComparison Create(EvaluationReport baseline, EvaluationReport candidate)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var deltas = new List<MetricDelta>();
        foreach (VariantReport variant in candidate.Variants)
        {
            if (Match(baseline, candidate, variant) is not { } reference)
            {
                continue;
            }

            IEnumerable<string> metrics = reference.Metrics.Select(m => m.Name).Union(variant.Metrics.Select(m => m.Name), StringComparer.Ordinal).Order(StringComparer.Ordinal);
            deltas.AddRange(metrics.Select(m => new MetricDelta(variant.Name, m, reference.GetMetric(m)?.Mean, variant.GetMetric(m)?.Mean)));
        }

        return new EvaluationComparison(baseline, candidate, deltas);
    }

    /// <summary>Applies gates: a gate fails for each matched variant whose metric fell by more than the gate allows, or that lost the metric, and when no matched variant has the metric at all.</summary>
    /// <param name="gates">The gates.</param>
    /// <returns>The failures; empty when every gate holds.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gates"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<GateViolation> Check(IEnumerable<MetricGate> gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        var violations = new List<GateViolation>();
        foreach (MetricGate gate in gates)
        {
            MetricDelta[] rows = [.. Deltas.Where(d => string.Equals(d.Metric, gate.Metric, StringComparison.Ordinal))];
            if (rows.Length == 0)
            {
                string known = string.Join(", ", Deltas.Select(d => d.Metric).Distinct(StringComparer.Ordinal));
                violations.Add(new GateViolation(gate, null, $"gate {gate}: no variant in both reports has the metric '{gate.Metric}' (metrics: {(known.Length == 0 ? "none" : known)})."));
                continue;
            }

            foreach (MetricDelta row in rows)
            {
                if (row.Baseline is { } before && row.Candidate is null)
                {
                    violations.Add(new GateViolation(gate, row.Variant, $"gate {gate}: {row.Variant} has no {gate.Metric} value (baseline {Format(before)})."));
                }
                else if (row.Baseline is { } b && row.Candidate is { } c && b - c > gate.MaxDrop + 1e-9)
                {
                    violations.Add(new GateViolation(
                        gate,
                        row.Variant,
                        $"gate {gate}: {row.Variant} {gate.Metric} dropped by {Format(b - c)} ({Format(b)} -> {Format(c)}), more than {Format(gate.MaxDrop)}."));
                }
            }
        }

        return violations;
    }

    /// <summary>Writes the deltas as a Markdown table.</summary>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("# Comparison: ").Append(EvaluationMarkdown.Cell(Baseline.SetName)).Append(" (baseline ")
            .Append(Baseline.CreatedAt.ToString("u", CultureInfo.InvariantCulture)).Append(") vs ")
            .Append(EvaluationMarkdown.Cell(Candidate.SetName)).AppendLine().AppendLine();
        EvaluationMarkdown.Row(text, ["variant", "metric", "baseline", "candidate", "delta"]);
        EvaluationMarkdown.Row(text, ["---", "---", "---:", "---:", "---:"]);
        foreach (MetricDelta delta in Deltas)
        {
            string change = delta.Delta is { } d ? (d > 0 ? "+" : "") + EvaluationMarkdown.Number(d) : "–";
            EvaluationMarkdown.Row(text, [EvaluationMarkdown.Cell(delta.Variant), delta.Metric, EvaluationMarkdown.Number(delta.Baseline), EvaluationMarkdown.Number(delta.Candidate), change]);
        }

        if (Deltas.Count == 0)
        {
            text.AppendLine().AppendLine("No variant of the candidate matches one of the baseline (by name, or one variant each).");
        }

        return text.ToString();
    }

    private static VariantReport? Match(EvaluationReport baseline, EvaluationReport candidate, VariantReport variant)
        => baseline.GetVariant(variant.Name)
            ?? (baseline.Variants.Count == 1 && candidate.Variants.Count == 1 ? baseline.Variants[0] : null);

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
