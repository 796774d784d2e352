using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation.Evaluators;

/// <summary>
/// Asks a judge model (the <see cref="ChatConfiguration.ChatClient"/> passed to the evaluation) to score the answer from 1
/// to 5 against the case's <c>expected</c> answer. The judge's reply is read leniently ("4", "Score: 4", "4/5", "**4**");
/// a reply without a score, or a failing judge, leaves the metric without a value and with an error diagnostic, never an
/// exception. Metric <see cref="MetricName"/>, a <see cref="NumericMetric"/> in [1, 5] (failed below 3); nothing for a case
/// without <c>expected</c>.
/// </summary>
public sealed partial class ModelJudgeEvaluator : IEvaluator
{
    /// <summary>The metric's name.</summary>
    public const string MetricName = "judge_score";

    private const string Instructions =
        "You grade answers. Compare the ANSWER with the REFERENCE answer to the QUESTION and rate how well the ANSWER "
        + "matches the REFERENCE in meaning and correctness: 5 equivalent, 4 nearly, 3 partly, 2 mostly wrong, 1 wrong or empty. "
        + "Reply with the score alone, one digit from 1 to 5.";

    /// <summary>Initializes a new instance.</summary>
    /// <param name="maxOutputTokens">The most tokens the judge may answer with.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxOutputTokens"/> is less than 1.</exception>
    public ModelJudgeEvaluator(int maxOutputTokens = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOutputTokens, 1);
        MaxOutputTokens = maxOutputTokens;
    }

    /// <summary>Gets the most tokens the judge may answer with.</summary>
    /// <value>16 by default: a score needs one.</value>
    public int MaxOutputTokens { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<string> EvaluationMetricNames { get; } = [MetricName];

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> or <paramref name="modelResponse"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(modelResponse);
        if (GoldenCaseContext.Find(additionalContext)?.Expected is not { } expected)
        {
            return new EvaluationResult();
        }

        if (chatConfiguration?.ChatClient is not { } judge)
        {
            return new EvaluationResult(MetricInterpretations.Inconclusive(
                new NumericMetric(MetricName), "No judge model: pass a ChatConfiguration with the judge's IChatClient."));
        }

        string question = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        ChatMessage[] request =
        [
            new(ChatRole.System, Instructions),
            new(ChatRole.User, $"QUESTION:\n{question}\n\nREFERENCE:\n{expected}\n\nANSWER:\n{modelResponse.Text}\n\nSCORE (1-5):"),
        ];
        string reply;
        try
        {
            ChatResponse verdict = await judge.GetResponseAsync(request, new ChatOptions { Temperature = 0, MaxOutputTokens = MaxOutputTokens }, cancellationToken).ConfigureAwait(false);
            reply = verdict.Text;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new EvaluationResult(MetricInterpretations.Inconclusive(new NumericMetric(MetricName), $"The judge failed: {e.Message}"));
        }

        if (ParseScore(reply) is not { } score)
        {
            return new EvaluationResult(MetricInterpretations.Inconclusive(
                new NumericMetric(MetricName), $"The judge's reply holds no score from 1 to 5: '{Shorten(reply)}'."));
        }

        var metric = new NumericMetric(MetricName, score, $"The judge scored {score.ToString(CultureInfo.InvariantCulture)} of 5.")
        {
            Interpretation = MetricInterpretations.ForScore(score),
        };
        return new EvaluationResult(metric);
    }

    /// <summary>
    /// Reads a 1–5 score from a judge's reply: a digit after "score", else a digit before "/5" or "out of 5", else the first
    /// digit 1–5 that stands alone (not part of a longer number); <see langword="null"/> when there is none.
    /// </summary>
    internal static int? ParseScore(string reply)
    {
        foreach (Regex pattern in (Regex[])[AfterScoreWord(), OutOfFive(), StandaloneDigit()])
        {
            Match match = pattern.Match(reply);
            if (match.Success)
            {
                return match.Groups["score"].Value[0] - '0';
            }
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";

    [GeneratedRegex(@"score\W{0,4}(?<score>[1-5])(?![\d.])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AfterScoreWord();

    [GeneratedRegex(@"(?<![\d.])(?<score>[1-5])\s*(/|out of)\s*5\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutOfFive();

    [GeneratedRegex(@"(?<![\d.])(?<score>[1-5])(?![\d]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex StandaloneDigit();
}
