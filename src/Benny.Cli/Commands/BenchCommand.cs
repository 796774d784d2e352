using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Benny.Cli.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Benny.Cli.Commands;

/// <summary>
/// <c>benny bench NAME [--prompt TEXT] [--tokens N] [--runs N] [--json]</c>: time to first token and decode speed,
/// greedy, after a one-token warm-up request that loads the model (its time is reported as the load time).
/// </summary>
internal static class BenchCommand
{
    /// <summary>The keys under which engines report their own time to first token in <see cref="ChatResponseUpdate.AdditionalProperties"/>.</summary>
    internal static readonly string[] TimeToFirstTokenKeys = ["benny.time_to_first_token_ms", "benny.ttft_ms"];

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public static Command Create(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The model name, alias or profile role." };
        var prompt = new Option<string>("--prompt", "-p") { Description = "The prompt.", DefaultValueFactory = _ => "Once upon a time", HelpName = "TEXT" };
        var tokens = new Option<int>("--tokens", "-n") { Description = "Tokens to generate per run.", DefaultValueFactory = _ => 128, HelpName = "N" };
        var runs = new Option<int>("--runs", "-r") { Description = "Measured runs (after one warm-up that loads the model).", DefaultValueFactory = _ => 3, HelpName = "N" };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("bench", "Measure a model's time to first token (TTFT) and tokens per second.") { name, prompt, tokens, runs, json };
        runner.SetAction(command, async (parse, services, cancellationToken) =>
        {
            CliConsole console = runner.Console;
            string model = parse.GetRequiredValue(name);
            int tokenCount = parse.GetValue(tokens);
            int runCount = parse.GetValue(runs);
            if (tokenCount < 1 || runCount < 1)
            {
                throw CliException.Usage($"--tokens and --runs must be 1 or more (got {tokenCount} and {runCount}).");
            }

            IChatClient client = services.GetRequiredKeyedService<IChatClient>(model);
            string text = parse.GetValue(prompt) ?? "";
            var warmupWatch = Stopwatch.StartNew();
            _ = await MeasureAsync(client, text, 1, 0, cancellationToken);
            double loadMs = warmupWatch.Elapsed.TotalMilliseconds;

            var results = new List<BenchRun>();
            for (int run = 1; run <= runCount; run++)
            {
                results.Add(await MeasureAsync(client, text, tokenCount, run, cancellationToken));
            }

            var mean = new BenchRun(
                0,
                (long)results.Average(r => r.InputTokens),
                (long)results.Average(r => r.OutputTokens),
                results.Average(r => r.TimeToFirstTokenMs),
                results.Average(r => r.TokensPerSecond),
                results.Average(r => r.TotalMs));
            if (parse.GetValue(json))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(new BenchReport(model, text, tokenCount, Math.Round(loadMs, 1), results, mean), s_json));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("run", "input tokens", "output tokens", "TTFT ms", "tok/s", "total ms");
            foreach (BenchRun r in results.Append(mean))
            {
                table.AddRow(
                    r.Run == 0 ? "mean" : r.Run.ToString(CultureInfo.InvariantCulture),
                    r.InputTokens.ToString(CultureInfo.InvariantCulture),
                    r.OutputTokens.ToString(CultureInfo.InvariantCulture),
                    r.TimeToFirstTokenMs.ToString("0.0", CultureInfo.InvariantCulture),
                    r.TokensPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
                    r.TotalMs.ToString("0.0", CultureInfo.InvariantCulture));
            }

            console.Out.WriteLine($"{model}: load and warm-up {loadMs.ToString("0", CultureInfo.InvariantCulture)} ms; {runCount} runs of {tokenCount} tokens, greedy.");
            console.Ansi.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>One greedy streamed request.</summary>
    private static async Task<BenchRun> MeasureAsync(IChatClient client, string prompt, int tokens, int run, CancellationToken cancellationToken)
    {
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = tokens };
        var watch = Stopwatch.StartNew();
        double? firstText = null;
        double? engineTtft = null;
        long textUpdates = 0;
        UsageDetails? usage = null;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(prompt, options, cancellationToken))
        {
            if (update.Text.Length > 0)
            {
                firstText ??= watch.Elapsed.TotalMilliseconds;
                textUpdates++;
            }

            engineTtft ??= EngineTimeToFirstToken(update.AdditionalProperties);
            usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
        }

        double total = watch.Elapsed.TotalMilliseconds;
        double ttft = engineTtft ?? firstText ?? total;
        long output = usage?.OutputTokenCount ?? textUpdates;
        double decodeMs = total - ttft;
        double tokensPerSecond = output > 1 && decodeMs > 0 ? (output - 1) / (decodeMs / 1000) : 0;
        return new BenchRun(run, usage?.InputTokenCount ?? 0, output, Math.Round(ttft, 2), Math.Round(tokensPerSecond, 2), Math.Round(total, 2));
    }

    internal static double? EngineTimeToFirstToken(AdditionalPropertiesDictionary? properties)
    {
        if (properties is null)
        {
            return null;
        }

        foreach (string key in TimeToFirstTokenKeys)
        {
            if (properties.TryGetValue(key, out object? value) && value is not null)
            {
                try
                {
                    return Convert.ToDouble(value, CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    private sealed record BenchReport(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("prompt")] string Prompt,
        [property: JsonPropertyName("tokens")] int Tokens,
        [property: JsonPropertyName("load_ms")] double LoadMs,
        [property: JsonPropertyName("runs")] IReadOnlyList<BenchRun> Runs,
        [property: JsonPropertyName("mean")] BenchRun Mean);
}
