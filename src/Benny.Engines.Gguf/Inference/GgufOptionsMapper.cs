using Benny.Engines.Gguf.Grammar;
using Benny.Runtime.Presets;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// The one place where <see cref="ChatOptions"/> (and Benny's typed extension keys) become the GGUF engine's
/// generation settings. Unset values take llama.cpp's usual defaults; options the engine cannot honour
/// throw instead of being ignored.
/// </summary>
internal static class GgufOptionsMapper
{
    /// <summary>llama.cpp's default temperature when the caller sets none.</summary>
    public const float DefaultTemperature = 0.8f;

    /// <summary>llama.cpp's default top-k.</summary>
    public const int DefaultTopK = 40;

    /// <summary>llama.cpp's default top-p.</summary>
    public const float DefaultTopP = 0.95f;

    /// <summary>llama.cpp's default min-p.</summary>
    public const float DefaultMinP = 0.05f;

    /// <summary>The parameters the engine honours.</summary>
    public const GenerationParameters Supported = GenerationParameters.All;

    /// <summary>A GBNF grammar for any JSON value with an object at the top, used for <see cref="ChatResponseFormat.Json"/>.</summary>
    public const string JsonGrammar = """
        root    ::= ws object ws
        value   ::= object | array | string | number | "true" | "false" | "null"
        object  ::= "{" ws ( member ( ws "," ws member )* )? ws "}"
        member  ::= string ws ":" ws value
        array   ::= "[" ws ( value ( ws "," ws value )* )? ws "]"
        string  ::= "\"" ( [^"\\\x00-\x1f] | "\\" ( ["\\/bfnrt] | "u" [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] ) )* "\""
        number  ::= "-"? ( "0" | [1-9] [0-9]* ) ( "." [0-9]+ )? ( [eE] [-+]? [0-9]+ )?
        ws      ::= [ \t\n]{0,16}
        """;

    /// <summary>Maps <paramref name="options"/> to a generation request.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range (negative temperature, top-p outside (0, 1], ...).</exception>
    /// <exception cref="NotSupportedException">The options ask for something the engine does not do (tools), or a JSON schema keyword the grammar cannot enforce.</exception>
    /// <exception cref="ArgumentException">The response format's JSON schema is malformed or unsatisfiable.</exception>
    public static GenerationRequest Map(ChatOptions? options)
    {
        if (options?.Tools is { Count: > 0 })
        {
            throw new NotSupportedException(
                "The GGUF engine does not call tools yet: ChatOptions.Tools must be empty. Route tool requests to an IChatClient that supports function calling.");
        }

        float temperature = options?.Temperature ?? DefaultTemperature;
        if (!(temperature >= 0) || float.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(options), temperature, "ChatOptions.Temperature must be 0 (greedy) or more.");
        }

        float topP = options?.TopP ?? DefaultTopP;
        if (!(topP > 0 && topP <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), topP, "ChatOptions.TopP must be in (0, 1].");
        }

        int topK = options?.TopK ?? DefaultTopK;
        if (topK < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), topK, "ChatOptions.TopK must be 0 (off) or more.");
        }

        float minP = options.GetMinP() ?? DefaultMinP;
        float repetition = options.GetRepetitionPenalty() ?? 1f;
        float frequency = options?.FrequencyPenalty ?? 0f;
        float presence = options?.PresencePenalty ?? 0f;
        if (!float.IsFinite(frequency) || !float.IsFinite(presence))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ChatOptions.FrequencyPenalty and PresencePenalty must be finite numbers.");
        }

        int? maxTokens = options?.MaxOutputTokens;
        if (maxTokens is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), maxTokens, "ChatOptions.MaxOutputTokens must be positive.");
        }

        string? grammar = options.GetGrammar() ?? MapResponseFormat(options?.ResponseFormat);

        var sampler = new SamplerSettings
        {
            Greedy = temperature == 0,
            Temperature = temperature,
            TopK = topK,
            TopP = topP,
            MinP = minP,
            RepetitionPenalty = repetition,
            FrequencyPenalty = frequency,
            PresencePenalty = presence,
            Seed = MapSeed(options?.Seed),
            Grammar = grammar,
            GrammarFirst = options.GetGrammarFirst() ?? false,
        };
        return new GenerationRequest(sampler, maxTokens, options?.StopSequences?.Where(s => s.Length > 0).ToArray() ?? []);
    }

    /// <summary>
    /// The grammar of a response format: a JSON schema compiles to its own grammar (<see cref="JsonSchemaGrammar"/>),
    /// plain JSON gets <see cref="JsonGrammar"/>, text none. An explicit grammar (<c>WithGrammar</c>) takes precedence over all of them.
    /// </summary>
    /// <exception cref="NotSupportedException">The schema uses a keyword the grammar cannot enforce.</exception>
    /// <exception cref="ArgumentException">The schema is malformed or unsatisfiable.</exception>
    internal static string? MapResponseFormat(ChatResponseFormat? format) => format switch
    {
        ChatResponseFormatJson { Schema: { } schema } => JsonSchemaGrammar.Compile(schema),
        ChatResponseFormatJson => JsonGrammar,
        _ => null,
    };

    /// <summary>Maps a seed: negative or unset means random; others are reduced into llama.cpp's 32-bit range (0xFFFFFFFF is its "random").</summary>
    internal static uint MapSeed(long? seed) => seed switch
    {
        null or < 0 => uint.MaxValue,
        _ => (uint)(seed.Value % uint.MaxValue),
    };
}
