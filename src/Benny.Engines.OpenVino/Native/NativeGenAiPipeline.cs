namespace Benny.Engines.OpenVino.Native;

/// <summary>
/// <see cref="IGenAiPipeline"/> over the OpenVINO GenAI C API: one <c>ov_genai_llm_pipeline</c>.
/// Each <see cref="Generate"/> builds a chat history and a generation config, calls
/// <c>ov_genai_llm_pipeline_generate_with_history</c> with a streamer, reads the text and metrics and frees all of it.
/// </summary>
/// <remarks>Not thread-safe: one call at a time, on one thread (the engine serializes).</remarks>
internal sealed unsafe class NativeGenAiPipeline : IGenAiPipeline
{
    private readonly SafeGenAiPipelineHandle _pipe;

    /// <summary>Initializes a new instance that owns <paramref name="pipe"/>.</summary>
    /// <param name="pipe">The compiled pipeline.</param>
    public NativeGenAiPipeline(SafeGenAiPipelineHandle pipe)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        _pipe = pipe;
    }

    /// <inheritdoc />
    public GenAiResult Generate(GenAiRequest request, Func<string, GenAiStreamingStatus> onText)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onText);
        ObjectDisposedException.ThrowIf(_pipe.IsClosed, this);

        using SafeChatHistoryHandle history = BuildHistory(request.Messages);
        using SafeGenerationConfigHandle config = BuildConfig(request.Settings);
        using var streamer = new GenAiStreamer(onText);
        StreamerCallback callback = streamer.Callback;

        SafeDecodedResultsHandle results;
        try
        {
            results = Interop.LlmPipelineGenerateWithHistory(_pipe, history, config, &callback);
        }
        catch (OpenVinoException)
        {
            streamer.RethrowIfFaulted(); // the callback's exception is the cause worth reporting
            throw;
        }

        using (results)
        {
            streamer.RethrowIfFaulted();
            string text = Interop.DecodedResultsGetString(results);
            return new GenAiResult(text, TryReadMetrics(results));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _pipe.Dispose();

    /// <summary>Builds the history, one JSON message object per (role, content).</summary>
    internal static SafeChatHistoryHandle BuildHistory(IReadOnlyList<(string Role, string Content)> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        SafeChatHistoryHandle history = Interop.CreateChatHistory();
        try
        {
            foreach ((string role, string content) in messages)
            {
                Interop.ChatHistoryPushMessage(history, role, content);
            }

            return history;
        }
        catch
        {
            history.Dispose();
            throw;
        }
    }

    /// <summary>Builds a config from the library defaults, setting only the non-null values, and validates it.</summary>
    internal static SafeGenerationConfigHandle BuildConfig(GenAiGenerationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        SafeGenerationConfigHandle config = Interop.CreateGenerationConfig();
        try
        {
            if (settings.MaxNewTokens is { } maxNewTokens)
            {
                Interop.GenerationConfigSetMaxNewTokens(config, (nuint)Math.Max(0, maxNewTokens));
            }

            if (settings.DoSample is { } doSample)
            {
                Interop.GenerationConfigSetDoSample(config, doSample);
            }

            if (settings.Temperature is { } temperature)
            {
                Interop.GenerationConfigSetTemperature(config, temperature);
            }

            if (settings.TopP is { } topP)
            {
                Interop.GenerationConfigSetTopP(config, topP);
            }

            if (settings.TopK is { } topK)
            {
                Interop.GenerationConfigSetTopK(config, (nuint)Math.Max(0, topK));
            }

            if (settings.MinP is { } minP)
            {
                Interop.GenerationConfigSetMinP(config, minP);
            }

            if (settings.RepetitionPenalty is { } repetitionPenalty)
            {
                Interop.GenerationConfigSetRepetitionPenalty(config, repetitionPenalty);
            }

            if (settings.PresencePenalty is { } presencePenalty)
            {
                Interop.GenerationConfigSetPresencePenalty(config, presencePenalty);
            }

            if (settings.FrequencyPenalty is { } frequencyPenalty)
            {
                Interop.GenerationConfigSetFrequencyPenalty(config, frequencyPenalty);
            }

            if (settings.Seed is { } seed)
            {
                Interop.GenerationConfigSetRngSeed(config, (nuint)seed);
            }

            if (settings.StopStrings is { Count: > 0 } stopStrings)
            {
                Interop.GenerationConfigSetStopStrings(config, stopStrings);
                Interop.GenerationConfigSetIncludeStopStrInOutput(config, false);
            }

            Interop.GenerationConfigValidate(config);
            return config;
        }
        catch
        {
            config.Dispose();
            throw;
        }
    }

    /// <summary>The metrics, or <see langword="null"/> when the runtime does not report them (a failed getter).</summary>
    private static GenAiPerfMetrics? TryReadMetrics(SafeDecodedResultsHandle results)
    {
        try
        {
            using SafePerfMetricsHandle metrics = Interop.DecodedResultsGetPerfMetrics(results);
            return Interop.ReadPerfMetrics(metrics);
        }
        catch (OpenVinoException)
        {
            return null; // metrics are diagnostics: their absence must not cost the generated text
        }
    }
}
