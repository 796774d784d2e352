using System.Runtime.InteropServices;

namespace Benny.Engines.OpenVino.Native;

/// <summary>Bindings to <c>openvino/genai/c/llm_pipeline.h</c> (pipeline and decoded results).</summary>
internal static unsafe partial class Interop
{
    /// <summary>The most device properties one <c>ov_genai_llm_pipeline_create</c> call can pass (see <see cref="CreateLlmPipeline"/>).</summary>
    internal const int MaxPipelineProperties = 4;

    /// <summary>Compiles the model in <paramref name="modelsPath"/> for <paramref name="device"/> (<c>ov_genai_llm_pipeline_create</c>).</summary>
    /// <param name="modelsPath">The model folder.</param>
    /// <param name="device">The device name.</param>
    /// <param name="properties">Up to <see cref="MaxPipelineProperties"/> (key, value) pairs.</param>
    /// <returns>The pipeline.</returns>
    /// <remarks>
    /// The C function is variadic: <c>(models_path, device, property_args_size, &amp;pipe, key1, value1, ...)</c>, where
    /// <c>property_args_size</c> counts the strings (two per property). <c>LibraryImport</c> cannot call C varargs, but
    /// on x86-64 System V (and AArch64 Linux) integer and pointer variadic arguments travel exactly like fixed ones
    /// (registers rdi, rsi, rdx, rcx, r8, r9, then the stack); the only extra is <c>%al</c> (an upper bound of vector
    /// registers used), which the callee's prologue only tests for zero before spilling xmm registers, so any value is
    /// safe. So each arity is declared as a fixed-argument import of the same entry point, and the property count picks
    /// one. This does not hold on Apple AArch64 (variadic arguments go on the stack), which this package does not target.
    /// </remarks>
    /// <exception cref="ArgumentException">More than <see cref="MaxPipelineProperties"/> properties, or a null key or value.</exception>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static SafeGenAiPipelineHandle CreateLlmPipeline(string modelsPath, string device, IReadOnlyList<KeyValuePair<string, string>> properties)
    {
        ArgumentNullException.ThrowIfNull(modelsPath);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(properties);
        if (properties.Count > MaxPipelineProperties)
        {
            throw new ArgumentException(
                $"ov_genai_llm_pipeline_create is a C variadic function, bound here with fixed arities of up to {MaxPipelineProperties} properties; {properties.Count} were given ({string.Join(", ", properties.Select(p => p.Key))}). Pass at most {MaxPipelineProperties}.",
                nameof(properties));
        }

        var a = new string[MaxPipelineProperties * 2];
        for (int i = 0; i < properties.Count; i++)
        {
            a[2 * i] = properties[i].Key ?? throw new ArgumentException($"Property {i} has a null key.", nameof(properties));
            a[(2 * i) + 1] = properties[i].Value ?? throw new ArgumentException($"Property '{properties[i].Key}' has a null value.", nameof(properties));
        }

        nuint argCount = (nuint)(properties.Count * 2);
        SafeGenAiPipelineHandle pipe;
        int status = properties.Count switch
        {
            0 => ov_genai_llm_pipeline_create_0(modelsPath, device, argCount, out pipe),
            1 => ov_genai_llm_pipeline_create_2(modelsPath, device, argCount, out pipe, a[0], a[1]),
            2 => ov_genai_llm_pipeline_create_4(modelsPath, device, argCount, out pipe, a[0], a[1], a[2], a[3]),
            3 => ov_genai_llm_pipeline_create_6(modelsPath, device, argCount, out pipe, a[0], a[1], a[2], a[3], a[4], a[5]),
            _ => ov_genai_llm_pipeline_create_8(modelsPath, device, argCount, out pipe, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]),
        };
        return Checked("ov_genai_llm_pipeline_create", status, pipe);
    }

    /// <summary>Frees a pipeline (<c>ov_genai_llm_pipeline_free</c>).</summary>
    /// <param name="pipe">The pipeline.</param>
    internal static void FreeLlmPipeline(nint pipe) => ov_genai_llm_pipeline_free(pipe);

    /// <summary>Generates from a plain prompt (<c>ov_genai_llm_pipeline_generate</c>).</summary>
    /// <param name="pipe">The pipeline.</param>
    /// <param name="inputs">The prompt.</param>
    /// <param name="config">The generation config.</param>
    /// <param name="streamer">The streamer, or null.</param>
    /// <returns>The decoded results.</returns>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static SafeDecodedResultsHandle LlmPipelineGenerate(SafeGenAiPipelineHandle pipe, string inputs, SafeGenerationConfigHandle config, StreamerCallback* streamer)
        => Checked("ov_genai_llm_pipeline_generate", ov_genai_llm_pipeline_generate(pipe, inputs, config, streamer, out SafeDecodedResultsHandle results), results);

    /// <summary>Generates from a chat history, rendered by the model's chat template (<c>ov_genai_llm_pipeline_generate_with_history</c>).</summary>
    /// <param name="pipe">The pipeline.</param>
    /// <param name="history">The chat history.</param>
    /// <param name="config">The generation config.</param>
    /// <param name="streamer">The streamer, or null.</param>
    /// <returns>The decoded results.</returns>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static SafeDecodedResultsHandle LlmPipelineGenerateWithHistory(SafeGenAiPipelineHandle pipe, SafeChatHistoryHandle history, SafeGenerationConfigHandle config, StreamerCallback* streamer)
        => Checked("ov_genai_llm_pipeline_generate_with_history", ov_genai_llm_pipeline_generate_with_history(pipe, history, config, streamer, out SafeDecodedResultsHandle results), results);

    /// <summary>Starts a stateful chat (<c>ov_genai_llm_pipeline_start_chat</c>).</summary>
    /// <param name="pipe">The pipeline.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void LlmPipelineStartChat(SafeGenAiPipelineHandle pipe)
        => ThrowIfFailed("ov_genai_llm_pipeline_start_chat", ov_genai_llm_pipeline_start_chat(pipe));

    /// <summary>Ends a stateful chat (<c>ov_genai_llm_pipeline_finish_chat</c>).</summary>
    /// <param name="pipe">The pipeline.</param>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static void LlmPipelineFinishChat(SafeGenAiPipelineHandle pipe)
        => ThrowIfFailed("ov_genai_llm_pipeline_finish_chat", ov_genai_llm_pipeline_finish_chat(pipe));

    /// <summary>Creates empty decoded results (<c>ov_genai_decoded_results_create</c>).</summary>
    /// <returns>The results.</returns>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static SafeDecodedResultsHandle CreateDecodedResults()
        => Checked("ov_genai_decoded_results_create", ov_genai_decoded_results_create(out SafeDecodedResultsHandle results), results);

    /// <summary>Frees decoded results (<c>ov_genai_decoded_results_free</c>).</summary>
    /// <param name="results">The results.</param>
    internal static void FreeDecodedResults(nint results) => ov_genai_decoded_results_free(results);

    /// <summary>Reads the text of decoded results with the two-call pattern of <c>ov_genai_decoded_results_get_string</c>.</summary>
    /// <param name="results">The results.</param>
    /// <returns>The text.</returns>
    /// <remarks>First call with a null buffer for the size (terminator included), then again with a buffer that size.</remarks>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static string DecodedResultsGetString(SafeDecodedResultsHandle results)
    {
        const string Call = "ov_genai_decoded_results_get_string";
        nuint size = 0;
        ThrowIfFailed(Call, ov_genai_decoded_results_get_string(results, null, &size));
        if (size <= 1)
        {
            return "";
        }

        if (size > int.MaxValue)
        {
            throw Failure(Call, -6, "OUT_OF_BOUNDS", $"the runtime reported a {size}-byte string, larger than a managed buffer");
        }

        byte[] buffer = new byte[(int)size];
        fixed (byte* output = buffer)
        {
            nuint capacity = size;
            ThrowIfFailed(Call, ov_genai_decoded_results_get_string(results, output, &capacity));
            int length = Array.IndexOf(buffer, (byte)0);
            return System.Text.Encoding.UTF8.GetString(buffer, 0, length < 0 ? buffer.Length : length);
        }
    }

    /// <summary>Gets the performance metrics of decoded results (<c>ov_genai_decoded_results_get_perf_metrics</c>).</summary>
    /// <param name="results">The results.</param>
    /// <returns>The metrics (a separate object, freed with <c>ov_genai_decoded_results_perf_metrics_free</c>).</returns>
    /// <exception cref="OpenVinoException">The runtime failed.</exception>
    internal static SafePerfMetricsHandle DecodedResultsGetPerfMetrics(SafeDecodedResultsHandle results)
        => Checked("ov_genai_decoded_results_get_perf_metrics", ov_genai_decoded_results_get_perf_metrics(results, out SafePerfMetricsHandle metrics), metrics);

    /// <summary>Frees perf metrics (<c>ov_genai_decoded_results_perf_metrics_free</c>).</summary>
    /// <param name="metrics">The metrics.</param>
    internal static void FreePerfMetrics(nint metrics) => ov_genai_decoded_results_perf_metrics_free(metrics);

    /// <summary>Returns <paramref name="handle"/> when <paramref name="status"/> is OK; otherwise disposes it and throws.</summary>
    private static T Checked<T>(string call, int status, T handle)
        where T : SafeHandle
    {
        if (status != 0)
        {
            handle.Dispose(); // a failing call should leave nothing, but never leak what it did leave
            ThrowIfFailed(call, status);
        }

        return handle;
    }

    // ov_status_e ov_genai_llm_pipeline_create(const char* models_path, const char* device, const size_t property_args_size, ov_genai_llm_pipeline** pipe, ...);
    // One fixed-arity import per property count (see CreateLlmPipeline's remarks).
    [LibraryImport(OpenVinoLibraryNames.GenAi, EntryPoint = "ov_genai_llm_pipeline_create", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ov_genai_llm_pipeline_create_0(string modelsPath, string device, nuint propertyArgsSize, out SafeGenAiPipelineHandle pipe);

    [LibraryImport(OpenVinoLibraryNames.GenAi, EntryPoint = "ov_genai_llm_pipeline_create", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ov_genai_llm_pipeline_create_2(string modelsPath, string device, nuint propertyArgsSize, out SafeGenAiPipelineHandle pipe, string k1, string v1);

    [LibraryImport(OpenVinoLibraryNames.GenAi, EntryPoint = "ov_genai_llm_pipeline_create", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ov_genai_llm_pipeline_create_4(string modelsPath, string device, nuint propertyArgsSize, out SafeGenAiPipelineHandle pipe, string k1, string v1, string k2, string v2);

    [LibraryImport(OpenVinoLibraryNames.GenAi, EntryPoint = "ov_genai_llm_pipeline_create", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ov_genai_llm_pipeline_create_6(string modelsPath, string device, nuint propertyArgsSize, out SafeGenAiPipelineHandle pipe, string k1, string v1, string k2, string v2, string k3, string v3);

    [LibraryImport(OpenVinoLibraryNames.GenAi, EntryPoint = "ov_genai_llm_pipeline_create", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ov_genai_llm_pipeline_create_8(string modelsPath, string device, nuint propertyArgsSize, out SafeGenAiPipelineHandle pipe, string k1, string v1, string k2, string v2, string k3, string v3, string k4, string v4);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial void ov_genai_llm_pipeline_free(nint pipe);

    [LibraryImport(OpenVinoLibraryNames.GenAi, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ov_genai_llm_pipeline_generate(SafeGenAiPipelineHandle pipe, string inputs, SafeGenerationConfigHandle config, StreamerCallback* streamer, out SafeDecodedResultsHandle results);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_llm_pipeline_generate_with_history(SafeGenAiPipelineHandle pipe, SafeChatHistoryHandle history, SafeGenerationConfigHandle config, StreamerCallback* streamer, out SafeDecodedResultsHandle results);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_llm_pipeline_start_chat(SafeGenAiPipelineHandle pipe);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_llm_pipeline_finish_chat(SafeGenAiPipelineHandle pipe);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_decoded_results_create(out SafeDecodedResultsHandle results);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial void ov_genai_decoded_results_free(nint results);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_decoded_results_get_string(SafeDecodedResultsHandle results, byte* output, nuint* outputSize);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial int ov_genai_decoded_results_get_perf_metrics(SafeDecodedResultsHandle results, out SafePerfMetricsHandle metrics);

    [LibraryImport(OpenVinoLibraryNames.GenAi)]
    private static partial void ov_genai_decoded_results_perf_metrics_free(nint metrics);
}
