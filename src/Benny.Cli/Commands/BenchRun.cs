using System.Text.Json.Serialization;

namespace Benny.Cli.Commands;

/// <summary>The figures of one <c>benny bench</c> run (or their mean).</summary>
/// <param name="Run">The run number from 1; 0 for the mean.</param>
/// <param name="InputTokens">Prompt tokens, as the engine reports them (0 when it does not).</param>
/// <param name="OutputTokens">Generated tokens (the engine's count, else the streamed updates that carried text).</param>
/// <param name="TimeToFirstTokenMs">Time to first token: the engine's figure when it reports one, else the time to the first streamed text.</param>
/// <param name="TokensPerSecond">Decode speed: the tokens after the first, over the time after the first.</param>
/// <param name="TotalMs">The whole request.</param>
internal sealed record BenchRun(
    [property: JsonPropertyName("run")] int Run,
    [property: JsonPropertyName("input_tokens")] long InputTokens,
    [property: JsonPropertyName("output_tokens")] long OutputTokens,
    [property: JsonPropertyName("ttft_ms")] double TimeToFirstTokenMs,
    [property: JsonPropertyName("tokens_per_second")] double TokensPerSecond,
    [property: JsonPropertyName("total_ms")] double TotalMs);
