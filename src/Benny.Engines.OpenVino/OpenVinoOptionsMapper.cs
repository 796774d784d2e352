using Benny.Engines.OpenVino.Native;
using Benny.Runtime.Presets;
using Benny.Runtime.Validation;
using Microsoft.Extensions.AI;

namespace Benny.Engines.OpenVino;

/// <summary>
/// The one place where <see cref="ChatOptions"/> (and Benny's typed extension keys) become OpenVINO GenAI's generation
/// config. Unset values stay <see langword="null"/>, which keeps the model's own defaults (its <c>generation_config.json</c>);
/// options the engine cannot honour throw instead of being ignored.
/// </summary>
internal static class OpenVinoOptionsMapper
{
    /// <summary>The parameters the engine honours.</summary>
    public const GenerationParameters Supported = GenerationParameters.All;

    /// <summary>Maps <paramref name="options"/> to generation settings.</summary>
    /// <param name="options">The caller's options; <see langword="null"/> keeps every model default.</param>
    /// <returns>The settings.</returns>
    /// <remarks>
    /// Temperature 0 means greedy decoding: <c>do_sample = false</c> and no temperature (GenAI rejects temperature 0 with
    /// sampling on). A positive temperature turns sampling on. Top-k 0 means "off" and is sent as <see cref="int.MaxValue"/>
    /// (every token is a candidate). A negative seed means "random" (the runtime's default).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range in <see cref="GenerationParameterRanges"/> (temperature outside [0, 2], top-p outside (0, 1], ...).</exception>
    /// <exception cref="NotSupportedException">The options ask for something the engine does not do (tools, a JSON response format).</exception>
    public static GenAiGenerationSettings Map(ChatOptions? options)
    {
        if (options is null)
        {
            return new GenAiGenerationSettings();
        }

        if (options.Tools is { Count: > 0 })
        {
            throw new NotSupportedException(
                "The OpenVINO engine does not call tools: ChatOptions.Tools must be empty. Route tool requests to an IChatClient that supports function calling.");
        }

        if (options.ResponseFormat is ChatResponseFormatJson)
        {
            throw new NotSupportedException(
                "The OpenVINO engine does not constrain output to JSON: leave ChatOptions.ResponseFormat unset (or Text), and ask for JSON in the prompt.");
        }

        // One table of ranges for configuration, prompts, imports and both engines.
        GenerationParameterRanges.Temperature.ThrowIfOutOfRange(options.Temperature, "ChatOptions.Temperature", nameof(options));
        GenerationParameterRanges.TopP.ThrowIfOutOfRange(options.TopP, "ChatOptions.TopP", nameof(options));
        GenerationParameterRanges.TopK.ThrowIfOutOfRange(options.TopK, "ChatOptions.TopK", nameof(options));
        GenerationParameterRanges.MinP.ThrowIfOutOfRange(options.GetMinP(), $"Min-p ({GenerationChatOptionsExtensions.MinPKey})", nameof(options));
        GenerationParameterRanges.RepetitionPenalty.ThrowIfOutOfRange(options.GetRepetitionPenalty(), $"The repetition penalty ({GenerationChatOptionsExtensions.RepetitionPenaltyKey})", nameof(options));
        GenerationParameterRanges.FrequencyPenalty.ThrowIfOutOfRange(options.FrequencyPenalty, "ChatOptions.FrequencyPenalty", nameof(options));
        GenerationParameterRanges.PresencePenalty.ThrowIfOutOfRange(options.PresencePenalty, "ChatOptions.PresencePenalty", nameof(options));
        GenerationParameterRanges.MaxOutputTokens.ThrowIfOutOfRange(options.MaxOutputTokens, "ChatOptions.MaxOutputTokens", nameof(options));

        bool? doSample = options.Temperature is { } t ? t > 0 : null;
        float? temperature = options.Temperature is > 0 ? options.Temperature : null;
        int? topK = options.TopK == 0 ? int.MaxValue : options.TopK;
        float? minP = options.GetMinP();
        float? repetition = options.GetRepetitionPenalty();
        float? presence = options.PresencePenalty;
        float? frequency = options.FrequencyPenalty;

        return new GenAiGenerationSettings
        {
            DoSample = doSample,
            Temperature = temperature,
            TopP = options.TopP,
            TopK = topK,
            MinP = minP,
            RepetitionPenalty = repetition,
            PresencePenalty = presence,
            FrequencyPenalty = frequency,
            MaxNewTokens = options.MaxOutputTokens,
            Seed = options.Seed is >= 0 ? (ulong)options.Seed.Value : null,
            StopStrings = options.StopSequences?.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToArray() ?? [],
        };
    }
}
