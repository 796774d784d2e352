using System.Runtime.InteropServices;

namespace Benny.Engines.OpenVino.Native;

/// <summary>Bindings to <c>openvino/genai/c/perf_metrics.h</c>.</summary>
internal static unsafe partial class Interop
{
    /// <summary>Reads the metrics the engine reports (tokens, TTFT, TPOT, throughput, generate duration; means).</summary>
    /// <param name="metrics">The metrics.</param>
    /// <returns>The values.</returns>
    /// <exception cref="OpenVinoException">A getter failed.</exception>
    internal static GenAiPerfMetrics ReadPerfMetrics(SafePerfMetricsHandle metrics)
    {
        nuint input = 0, generated = 0;
        float ttft = 0, tpot = 0, throughput = 0, duration = 0, std = 0;
        ThrowIfFailed("ov_genai_perf_metrics_get_num_input_tokens", ov_genai_perf_metrics_get_num_input_tokens(metrics, &input));
        ThrowIfFailed("ov_genai_perf_metrics_get_num_generation_tokens", ov_genai_perf_metrics_get_num_generation_tokens(metrics, &generated));
        ThrowIfFailed("ov_genai_perf_metrics_get_ttft", ov_genai_perf_metrics_get_ttft(metrics, &ttft, &std));
        ThrowIfFailed("ov_genai_perf_metrics_get_tpot", ov_genai_perf_metrics_get_tpot(metrics, &tpot, &std));
        ThrowIfFailed("ov_genai_perf_metrics_get_throughput", ov_genai_perf_metrics_get_throughput(metrics, &throughput, &std));
        ThrowIfFailed("ov_genai_perf_metrics_get_generate_duration", ov_genai_perf_metrics_get_generate_duration(metrics, &duration, &std));
        return new GenAiPerfMetrics((int)Math.Min(input, int.MaxValue), (int)Math.Min(generated, int.MaxValue), ttft, tpot, throughput, duration);
    }

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_perf_metrics_get_num_input_tokens(SafePerfMetricsHandle metrics, nuint* numInputTokens);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_perf_metrics_get_num_generation_tokens(SafePerfMetricsHandle metrics, nuint* numGenerationTokens);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_perf_metrics_get_ttft(SafePerfMetricsHandle metrics, float* mean, float* std);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_perf_metrics_get_tpot(SafePerfMetricsHandle metrics, float* mean, float* std);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_perf_metrics_get_throughput(SafePerfMetricsHandle metrics, float* mean, float* std);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_perf_metrics_get_generate_duration(SafePerfMetricsHandle metrics, float* mean, float* std);
}
