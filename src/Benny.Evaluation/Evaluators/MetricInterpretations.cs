using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Evaluators;

/// <summary>The ratings the evaluators give their metrics, in one place so every evaluator rates alike.</summary>
internal static class MetricInterpretations
{
    /// <summary>A pass is <see cref="EvaluationRating.Exceptional"/>, a miss <see cref="EvaluationRating.Unacceptable"/> and failed.</summary>
    /// <param name="passed">Whether the answer passed.</param>
    /// <param name="passReason">What a pass means ("Matches exactly.").</param>
    /// <param name="failReason">What a miss means ("Does not match exactly.").</param>
    public static EvaluationMetricInterpretation ForBoolean(bool passed, string passReason, string failReason)
        => passed
            ? new EvaluationMetricInterpretation(EvaluationRating.Exceptional, failed: false, passReason)
            : new EvaluationMetricInterpretation(EvaluationRating.Unacceptable, failed: true, failReason);

    /// <summary>A fraction in [0, 1]: 1 exceptional, from 0.8 good, from 0.5 average, from 0.2 poor, below unacceptable; failed below 0.5.</summary>
    public static EvaluationMetricInterpretation ForFraction(double value)
    {
        EvaluationRating rating = value switch
        {
            >= 0.999 => EvaluationRating.Exceptional,
            >= 0.8 => EvaluationRating.Good,
            >= 0.5 => EvaluationRating.Average,
            >= 0.2 => EvaluationRating.Poor,
            _ => EvaluationRating.Unacceptable,
        };
        bool failed = value < 0.5;
        return new EvaluationMetricInterpretation(rating, failed, failed ? "Below 0.5." : null);
    }

    /// <summary>A 1–5 score: 5 exceptional, 4 good, 3 average, 2 poor, 1 unacceptable; failed below 3.</summary>
    public static EvaluationMetricInterpretation ForScore(double score)
    {
        EvaluationRating rating = score switch
        {
            >= 4.5 => EvaluationRating.Exceptional,
            >= 3.5 => EvaluationRating.Good,
            >= 2.5 => EvaluationRating.Average,
            >= 1.5 => EvaluationRating.Poor,
            _ => EvaluationRating.Unacceptable,
        };
        bool failed = score < 2.5;
        return new EvaluationMetricInterpretation(rating, failed, failed ? "Below 3 of 5." : null);
    }

    /// <summary>A metric whose value could not be computed: inconclusive, with the reason as an error diagnostic.</summary>
    public static T Inconclusive<T>(T metric, string reason)
        where T : EvaluationMetric
    {
        metric.Interpretation = new EvaluationMetricInterpretation(EvaluationRating.Inconclusive, failed: true, reason);
        metric.AddDiagnostics(EvaluationDiagnostic.Error(reason));
        return metric;
    }
}
