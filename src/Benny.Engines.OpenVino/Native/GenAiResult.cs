namespace Benny.Engines.OpenVino.Native;

/// <summary>What a generation returned.</summary>
/// <param name="Text">The decoded text.</param>
/// <param name="Metrics">The performance metrics, when the runtime reports them.</param>
internal sealed record GenAiResult(string Text, GenAiPerfMetrics? Metrics);
