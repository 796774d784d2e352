using System.Globalization;
using System.Text;

namespace Benny.Evaluation;

/// <summary>Writes an <see cref="EvaluationReport"/> as Markdown.</summary>
internal static class EvaluationMarkdown
{
    private const int AnswerLength = 80;

    public static string Write(EvaluationReport report)
    {
        var text = new StringBuilder();
        IReadOnlyList<VariantReport> variants = report.Variants;
        text.Append("# Evaluation: ").AppendLine(Cell(report.SetName)).AppendLine();
        int caseCount = variants.Count == 0 ? 0 : variants.Max(v => v.Cases.Count);
        text.AppendLine(CultureInfo.InvariantCulture, $"{Count(caseCount, "case")}, {Count(variants.Count, "variant")}, {report.CreatedAt.ToString("u", CultureInfo.InvariantCulture)}.").AppendLine();

        Row(text, ["metric", .. variants.Select(v => Cell(v.Name))]);
        Row(text, ["---", .. variants.Select(_ => "---:")]);
        foreach (string metric in variants.SelectMany(v => v.Metrics.Select(m => m.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            Row(text, [metric, .. variants.Select(v => v.GetMetric(metric) is { } m ? $"{Number(m.Mean)} (n={m.Count})" : "")]);
        }

        Row(text, ["errors", .. variants.Select(v => v.ErrorCount.ToString(CultureInfo.InvariantCulture))]);
        Row(text, ["TTFT mean ms", .. variants.Select(v => Number(v.TimeToFirstToken.MeanMs, "0.0"))]);
        Row(text, ["TTFT p50 ms", .. variants.Select(v => Number(v.TimeToFirstToken.P50Ms, "0.0"))]);
        Row(text, ["TTFT p95 ms", .. variants.Select(v => Number(v.TimeToFirstToken.P95Ms, "0.0"))]);
        Row(text, ["tok/s", .. variants.Select(v => Number(v.TokensPerSecond, "0.0"))]);

        List<IGrouping<string, CaseDifference>> byCase = [.. report.Differences.GroupBy(d => d.CaseId, StringComparer.Ordinal)];
        if (variants.Count > 1)
        {
            text.AppendLine().AppendLine("## Differences").AppendLine();
            if (byCase.Count == 0)
            {
                text.AppendLine("The variants score the same on every case.");
            }
        }

        foreach (IGrouping<string, CaseDifference> differences in byCase)
        {
            string[] metrics = [.. differences.Select(d => d.Metric)];
            text.AppendLine().Append("### ").AppendLine(Cell(differences.Key)).AppendLine();
            Row(text, ["variant", .. metrics, "answer"]);
            Row(text, ["---", .. metrics.Select(_ => "---:"), "---"]);
            foreach (VariantReport variant in variants)
            {
                CaseResult? result = variant.Cases.FirstOrDefault(c => c.CaseId == differences.Key);
                string answer = result?.Error is { } error ? "error: " + error : result?.Answer ?? "";
                Row(text, [Cell(variant.Name), .. differences.Select(d => Number(d.Values.GetValueOrDefault(variant.Name))), Cell(Shorten(answer))]);
            }
        }

        return text.ToString();
    }

    internal static void Row(StringBuilder text, IEnumerable<string> cells) => text.Append("| ").AppendJoin(" | ", cells).AppendLine(" |");

    internal static string Number(double? value, string format = "0.###")
        => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>Text safe inside a table cell: one line, pipes escaped.</summary>
    internal static string Cell(string text) => text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);

    private static string Count(int count, string noun) => count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");

    private static string Shorten(string text)
    {
        string line = text.Trim();
        return line.Length <= AnswerLength ? line : line[..AnswerLength] + "…";
    }
}
