using Benny.Engines.OpenVino.Native;
using Benny.Runtime.Presets;
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
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range (negative temperature, top-p outside (0, 1], ...).</exception>
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

        bool? doSample = null;
        float? temperature = null;
        if (options.Temperature is { } t)
        {
            if (!(t >= 0) || float.IsInfinity(t))
            {
                throw new ArgumentOutOfRangeException(nameof(options), t, "ChatOptions.Temperature must be 0 (greedy) or more.");
            }

            doSample = t > 0;
            temperature = t > 0 ? t : null;
        }

        if (options.TopP is { } topP && !(topP > 0 && topP <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), topP, "ChatOptions.TopP must be in (0, 1].");
        }

        int? topK = options.TopK switch
        {
            null => null,
            < 0 => throw new ArgumentOutOfRangeException(nameof(options), options.TopK, "ChatOptions.TopK must be 0 (off) or more."),
            0 => int.MaxValue,
            int k => k,
        };

        float? minP = options.GetMinP();
        if (minP is { } m && !(m >= 0 && m <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), m, $"Min-p ({GenerationChatOptionsExtensions.MinPKey}) must be between 0 and 1.");
        }

        float? repetition = options.GetRepetitionPenalty();
        if (repetition is { } r && !(r > 0 && float.IsFinite(r)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), r, $"The repetition penalty ({GenerationChatOptionsExtensions.RepetitionPenaltyKey}) must be positive (1 = no penalty).");
        }

        float? presence = CheckPenalty(options.PresencePenalty, "ChatOptions.PresencePenalty");
        float? frequency = CheckPenalty(options.FrequencyPenalty, "ChatOptions.FrequencyPenalty");

        if (options.MaxOutputTokens is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxOutputTokens, "ChatOptions.MaxOutputTokens must be positive.");
        }

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

    /// <summary>Presence and frequency penalties: GenAI accepts [-2, 2] (the OpenAI range).</summary>
    private static float? CheckPenalty(float? value, string name)
    {
        if (value is { } v && !(v >= -2 && v <= 2))
        {
            throw new ArgumentOutOfRangeException(nameof(value), v, $"{name} must be between -2 and 2.");
        }

        return value;
    }
}
