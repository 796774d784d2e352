using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Benny.Evaluation;

/// <summary>
/// Passes a <see cref="GoldenCase"/>'s expectations to the evaluators, as the <c>additionalContext</c> of
/// <see cref="IEvaluator.EvaluateAsync"/>. The runner adds one per case; in code, pass <c>[new GoldenCaseContext(golden)]</c>.
/// </summary>
public sealed class GoldenCaseContext : EvaluationContext
{
    /// <summary>The <see cref="EvaluationContext.Name"/> of this context.</summary>
    public const string ContextName = "Golden case";

    /// <summary>Initializes a new instance.</summary>
    /// <param name="goldenCase">The case whose expectations the evaluators check.</param>
    /// <exception cref="ArgumentNullException"><paramref name="goldenCase"/> is <see langword="null"/>.</exception>
    public GoldenCaseContext(GoldenCase goldenCase)
        : base(ContextName, Describe(goldenCase ?? throw new ArgumentNullException(nameof(goldenCase))))
    {
        Case = goldenCase;
    }

    /// <summary>Gets the case.</summary>
    public GoldenCase Case { get; }

    /// <summary>Finds the golden case among an evaluation's contexts.</summary>
    /// <param name="additionalContext">The contexts passed to an evaluator; may be <see langword="null"/>.</param>
    /// <returns>The case, or <see langword="null"/> when none was passed.</returns>
    public static GoldenCase? Find(IEnumerable<EvaluationContext>? additionalContext)
        => additionalContext?.OfType<GoldenCaseContext>().FirstOrDefault()?.Case;

    /// <summary>The expectations as text, so a report or a reader of <see cref="EvaluationContext.Contents"/> sees what was expected.</summary>
    private static TextContent Describe(GoldenCase golden)
    {
        var text = new StringBuilder($"case {golden.Id}");
        if (golden.Expected is { } expected)
        {
            text.Append("; expected: ").Append(expected);
        }

        if (golden.ExpectedFields is { } fields)
        {
            text.Append("; expected fields: ").Append(fields.GetRawText());
        }

        if (golden.ExpectedTier is { } tier)
        {
            text.Append("; expected tier: ").Append(tier);
        }

        if (golden.ExpectedToolCall is { } call)
        {
            text.Append("; expected tool call: ").Append(call.Name);
        }

        return new TextContent(text.ToString());
    }
}
