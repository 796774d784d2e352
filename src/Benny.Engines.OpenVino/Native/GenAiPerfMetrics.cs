namespace Benny.Engines.OpenVino.Native;

/// <summary>The performance metrics of one generation (from <c>ov_genai_perf_metrics</c>; times in milliseconds).</summary>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="GeneratedTokens">Generated tokens.</param>
/// <param name="TimeToFirstTokenMs">Time to first token (mean).</param>
/// <param name="TimePerOutputTokenMs">Time per output token (mean).</param>
/// <param name="ThroughputTokensPerSecond">Generation throughput (mean).</param>
/// <param name="GenerateDurationMs">The whole generate call.</param>
internal sealed record GenAiPerfMetrics(int InputTokens, int GeneratedTokens, float TimeToFirstTokenMs, float TimePerOutputTokenMs, float ThroughputTokensPerSecond, float GenerateDurationMs);
