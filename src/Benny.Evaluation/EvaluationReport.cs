using System.Text.Json;

namespace Benny.Evaluation;

/// <summary>
/// The result of <see cref="EvaluationRunner.RunAsync"/>: per variant the mean of each quality metric, time to first token,
/// decode speed, errors and every case, plus the cases on which the variants differ. Written as Markdown for people and as
/// JSON (snake_case) for machines; a JSON report read back with <see cref="FromJson"/> is the baseline of an
/// <see cref="EvaluationComparison"/>.
/// </summary>
public sealed class EvaluationReport
{
    /// <summary>Gets the golden set's name.</summary>
    public required string SetName { get; init; }

    /// <summary>Gets when the run started.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the variants, in the order they were given.</summary>
    public required IReadOnlyList<VariantReport> Variants { get; init; }

    /// <summary>Gets the (case, metric) pairs whose values differ between variants; empty with one variant.</summary>
    /// <value>Empty by default.</value>
    public IReadOnlyList<CaseDifference> Differences { get; init; } = [];

    /// <summary>Gets the variant named <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The variant name (ordinal).</param>
    /// <returns>The variant's report.</returns>
    public VariantReport? GetVariant(string name) => Variants.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal));

    /// <summary>Writes the report as JSON (snake_case, indented).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, EvaluationJsonContext.Default.EvaluationReport);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not a report (the message says where).</exception>
    public static EvaluationReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, EvaluationJsonContext.Default.EvaluationReport)
                ?? throw new FormatException("The evaluation report is JSON null, not a report object.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not an evaluation report: {e.Message}", e);
        }
    }

    /// <summary>Reads a report file written from <see cref="ToJson"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The file is not a report (the message names it).</exception>
    public static EvaluationReport Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The evaluation report '{Path.GetFullPath(path)}' does not exist.", path);
        }

        try
        {
            return FromJson(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            throw new FormatException($"'{Path.GetFullPath(path)}': {e.Message}", e);
        }
    }

    /// <summary>Writes the report as Markdown: a table comparing the variants, then the cases on which they differ.</summary>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown() => EvaluationMarkdown.Write(this);

    /// <summary>The (case, metric) pairs whose values are not the same in every variant.</summary>
    internal static List<CaseDifference> FindDifferences(IReadOnlyList<VariantReport> variants)
    {
        var differences = new List<CaseDifference>();
        if (variants.Count < 2)
        {
            return differences;
        }

        IEnumerable<string> caseIds = variants.SelectMany(v => v.Cases.Select(c => c.CaseId)).Distinct(StringComparer.Ordinal);
        foreach (string caseId in caseIds)
        {
            CaseResult?[] results = [.. variants.Select(v => v.Cases.FirstOrDefault(c => c.CaseId == caseId))];
            IEnumerable<string> metrics = results.SelectMany(r => r?.Metrics.Keys ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (string metric in metrics)
            {
                double?[] values = [.. results.Select(r => r is not null && r.Metrics.TryGetValue(metric, out CaseMetric? m) ? m.Value : null)];
                if (values.Distinct().Skip(1).Any())
                {
                    var byVariant = new Dictionary<string, double?>(StringComparer.Ordinal);
                    for (int i = 0; i < variants.Count; i++)
                    {
                        byVariant[variants[i].Name] = values[i];
                    }

                    differences.Add(new CaseDifference { CaseId = caseId, Metric = metric, Values = byVariant });
                }
            }
        }

        return differences;
    }
}
