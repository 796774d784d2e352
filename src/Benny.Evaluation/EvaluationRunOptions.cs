using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation;

/// <summary>How <see cref="EvaluationRunner.RunAsync"/> runs the cases.</summary>
public sealed class EvaluationRunOptions
{
    /// <summary>Gets or sets how many requests run at once, over all variants.</summary>
    /// <value>1 by default: timings are then not disturbed by other requests, and one local model is not shared.</value>
    public int Concurrency { get; set; } = 1;

    /// <summary>Gets or sets the most time one case's request may take; it then ends with an error. <see langword="null"/> for no limit.</summary>
    /// <value>5 minutes by default.</value>
    public TimeSpan? CaseTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the output token cap of cases without <c>max_tokens</c> whose variant sets none; <see langword="null"/> for the model's default.</summary>
    /// <value>256 by default, so a model that does not stop cannot run for its whole context.</value>
    public int? DefaultMaxOutputTokens { get; set; } = 256;

    /// <summary>Gets or sets what evaluators that ask a model receive (<see cref="Evaluators.ModelJudgeEvaluator"/>'s judge); <see langword="null"/> for none.</summary>
    public ChatConfiguration? ChatConfiguration { get; set; }

    /// <summary>Gets or sets the clock of the run's date and of the timings; <see cref="TimeProvider.System"/> when <see langword="null"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
