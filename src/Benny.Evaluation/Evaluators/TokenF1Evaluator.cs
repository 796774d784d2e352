using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Evaluators;

/// <summary>
/// The token overlap of the answer with the case's <c>expected</c> text, as SQuAD scores answers: both normalized (lower
/// case, punctuation and the articles a/an/the removed), split on white space, and F1 = 2PR/(P+R) over the tokens in common
/// (counted with multiplicity). Two empty texts score 1; one empty text scores 0. Metric <see cref="MetricName"/>, a
/// <see cref="NumericMetric"/> in [0, 1]; nothing for a case without <c>expected</c>.
/// </summary>
public sealed class TokenF1Evaluator : GoldenCaseEvaluator
{
    /// <summary>The metric's name.</summary>
    public const string MetricName = "token_f1";

    /// <summary>Initializes a new instance.</summary>
    public TokenF1Evaluator()
        : base(MetricName)
    {
    }

    /// <inheritdoc />
    private protected override EvaluationMetric? Evaluate(GoldenCase golden, ChatResponse response)
    {
        if (golden.Expected is not { } expected)
        {
            return null;
        }

        double f1 = Score(response.Text, expected);
        var metric = new NumericMetric(MetricName, f1, $"Token F1 {f1.ToString("0.###", CultureInfo.InvariantCulture)}.")
        {
            Interpretation = MetricInterpretations.ForFraction(f1),
        };
        return metric;
    }

    /// <summary>The SQuAD token F1 of <paramref name="answer"/> against <paramref name="expected"/>.</summary>
    internal static double Score(string answer, string expected)
    {
        string[] predicted = TextNormalizer.SquadTokens(answer);
        string[] truth = TextNormalizer.SquadTokens(expected);
        if (predicted.Length == 0 || truth.Length == 0)
        {
            return predicted.Length == truth.Length ? 1 : 0;
        }

        var remaining = truth.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        int common = 0;
        foreach (string token in predicted)
        {
            if (remaining.TryGetValue(token, out int left) && left > 0)
            {
                remaining[token] = left - 1;
                common++;
            }
        }

        if (common == 0)
        {
            return 0;
        }

        double precision = (double)common / predicted.Length;
        double recall = (double)common / truth.Length;
        return 2 * precision * recall / (precision + recall);
    }
}
