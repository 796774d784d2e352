using System.CommandLine;
using Benny.Cli.Hosting;
using Benny.Evaluation;
using Benny.Evaluation.Evaluators;
using Benny.Runtime;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace Benny.Cli.Commands;

/// <summary>
/// <c>benny eval SET --model NAME [--model NAME2] [--preset P] [--router] [--judge MODEL] [--format markdown|json]
/// [--output FILE] [--baseline REPORT.json] [--max-drop METRIC=VALUE]</c>: runs a golden set (a JSONL file or a built-in
/// set's name) on each variant and prints the report; with <c>--baseline</c> compares with an earlier JSON report, and exits
/// with 1 when a <c>--max-drop</c> gate fails.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CommandRunner runner)
    {
        var set = new Argument<string>("set") { Description = $"A golden set: a JSONL file, or a built-in set ({string.Join(", ", GoldenSet.BuiltInNames)})." };
        var models = new Option<string[]>("--model", "-m") { Description = "A model name or alias to evaluate; repeat to compare models (int8 and fp16 entries, ...).", HelpName = "NAME" };
        var presets = new Option<string[]>("--preset") { Description = "Also evaluate each model with this preset's settings (variant MODEL+PRESET); repeatable.", HelpName = "PRESET" };
        var router = new Option<bool>("--router") { Description = "Also evaluate the tier router (Benny:Router), which routing accuracy needs." };
        var judge = new Option<string?>("--judge") { Description = "A model that scores each answer from 1 to 5 against the expected one (metric judge_score).", HelpName = "MODEL" };
        var format = new Option<string>("--format", "-f") { Description = "The report's format.", DefaultValueFactory = _ => "markdown", HelpName = "markdown|json" };
        format.AcceptOnlyFromAmong("markdown", "json");
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output.", HelpName = "FILE" };
        var baseline = new Option<string?>("--baseline") { Description = "An earlier JSON report (--format json) to compare with.", HelpName = "REPORT" };
        var maxDrops = new Option<string[]>("--max-drop") { Description = "With --baseline: fail (exit code 1) when METRIC fell by more than VALUE, e.g. routing_accuracy=0.05; repeatable.", HelpName = "METRIC=VALUE" };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests at once (1 keeps timings undisturbed).", DefaultValueFactory = _ => 1, HelpName = "N" };
        var command = new Command("eval", "Evaluate models, presets and the tier router on a golden set: quality metrics, TTFT, tok/s; compare with a baseline report.")
        {
            set, models, presets, router, judge, format, output, baseline, maxDrops, concurrency,
        };
        runner.SetAction(
            command,
            async (parse, services, cancellationToken) =>
            {
                CliConsole console = runner.Console;
                string[] modelNames = parse.GetValue(models) ?? [];
                string[] presetNames = parse.GetValue(presets) ?? [];
                bool useRouter = parse.GetValue(router);
                if (modelNames.Length == 0 && !useRouter)
                {
                    throw CliException.Usage("Name a model to evaluate (--model NAME) or --router.");
                }

                if (presetNames.Length > 0 && modelNames.Length == 0)
                {
                    throw CliException.Usage("--preset applies to the --model variants; name a model too.");
                }

                string? baselinePath = parse.GetValue(baseline);
                List<MetricGate> gates = ParseGates(parse.GetValue(maxDrops) ?? []);
                if (gates.Count > 0 && baselinePath is null)
                {
                    throw CliException.Usage("--max-drop compares with a baseline: add --baseline REPORT.json.");
                }

                int requests = parse.GetValue(concurrency);
                if (requests < 1)
                {
                    throw CliException.Usage($"--concurrency must be 1 or more (got {requests}).");
                }

                GoldenSet golden = LoadSet(parse.GetRequiredValue(set), console.CurrentDirectory);
                EvaluationReport? reference = baselinePath is null ? null : EvaluationReport.Load(Path.GetFullPath(baselinePath, console.CurrentDirectory));

                var variants = new List<EvaluationVariant>();
                foreach (string model in modelNames.Distinct(StringComparer.Ordinal))
                {
                    variants.Add(EvaluationVariant.ForModel(services, model));
                    variants.AddRange(presetNames.Distinct(StringComparer.Ordinal).Select(preset => EvaluationVariant.ForModel(services, model, preset)));
                }

                if (useRouter)
                {
                    variants.Add(EvaluationVariant.ForRouter(services));
                }

                var evaluators = new List<IEvaluator>(DefaultEvaluators.Create());
                var options = new EvaluationRunOptions { Concurrency = requests };
                if (parse.GetValue(judge) is { } judgeModel)
                {
                    options.ChatConfiguration = new ChatConfiguration(services.GetRequiredKeyedService<IChatClient>(judgeModel));
                    evaluators.Add(new ModelJudgeEvaluator());
                }

                console.Error.WriteLine($"benny: evaluating {golden.Name} ({golden.Cases.Count} cases) on {string.Join(", ", variants.Select(v => v.Name))}");
                EvaluationReport report = await EvaluationRunner.RunAsync(golden, variants, evaluators, options, new ProgressLines(console), cancellationToken);

                bool json = parse.GetValue(format) == "json";
                string text = json ? report.ToJson() : report.ToMarkdown();
                string? outputPath = parse.GetValue(output);
                if (outputPath is null)
                {
                    console.Out.WriteLine(text);
                }
                else
                {
                    string full = Path.GetFullPath(outputPath, console.CurrentDirectory);
                    await File.WriteAllTextAsync(full, text, cancellationToken);
                    console.Error.WriteLine($"benny: report written to {full}");
                }

                return reference is null ? ExitCodes.Success : Compare(console, reference, report, gates, comparisonToOutput: !json && outputPath is null);
            },
            (parse, benny) =>
            {
                if (parse.GetValue(router))
                {
                    benny.AddTierRouter();
                }
            });
        return command;
    }

    /// <summary>Prints the comparison and the gates' verdicts; exit code 1 when a gate fails.</summary>
    private static int Compare(CliConsole console, EvaluationReport baseline, EvaluationReport report, List<MetricGate> gates, bool comparisonToOutput)
    {
        EvaluationComparison comparison = EvaluationComparison.Create(baseline, report);

        // Standard output keeps exactly the report when it is JSON or goes to a file; the comparison then goes with the messages.
        (comparisonToOutput ? console.Out : console.Error).WriteLine(comparison.ToMarkdown());
        IReadOnlyList<GateViolation> violations = comparison.Check(gates);
        foreach (GateViolation violation in violations)
        {
            console.Error.WriteLine($"benny: GATE FAILED: {violation.Message}");
        }

        if (violations.Count > 0)
        {
            return ExitCodes.Failure;
        }

        if (gates.Count > 0)
        {
            console.Error.WriteLine($"benny: all gates hold ({string.Join(", ", gates)}).");
        }

        return ExitCodes.Success;
    }

    private static List<MetricGate> ParseGates(string[] texts)
    {
        try
        {
            return [.. texts.Select(MetricGate.Parse)];
        }
        catch (FormatException e)
        {
            throw CliException.Usage($"--max-drop {e.Message}");
        }
    }

    /// <summary>A file when one exists at <paramref name="argument"/>, else a built-in set of that name.</summary>
    private static GoldenSet LoadSet(string argument, string currentDirectory)
    {
        string path = Path.GetFullPath(argument, currentDirectory);
        if (File.Exists(path))
        {
            return GoldenSet.Load(path);
        }

        if (GoldenSet.BuiltInNames.Contains(argument, StringComparer.OrdinalIgnoreCase))
        {
            return GoldenSet.BuiltIn(argument);
        }

        throw new CliException(
            $"'{argument}' is neither a golden set file ({path} does not exist) nor a built-in set ({string.Join(", ", GoldenSet.BuiltInNames)}).");
    }

    /// <summary>One line per case on standard error, so a long run shows where it is.</summary>
    private sealed class ProgressLines(CliConsole console) : IProgress<EvaluationProgress>
    {
        private readonly Lock _gate = new();

        public void Report(EvaluationProgress value)
        {
            lock (_gate)
            {
                console.Error.WriteLine($"benny: [{value.Completed}/{value.Total}] {value.Variant} {value.CaseId}: {(value.Error is null ? "ok" : "error: " + CliErrors.OneLine(value.Error))}");
            }
        }
    }
}
