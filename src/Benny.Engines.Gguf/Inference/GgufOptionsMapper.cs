using Benny.Engines.Gguf.Grammar;
using Benny.Runtime.Presets;
using Benny.Runtime.Validation;
using Benny.Runtime.Templates.ToolCalling;
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
    /// <param name="options">The request's options.</param>
    /// <param name="toolCallFormat">How the model writes tool calls (from its template or the engine option).</param>
    /// <param name="reasoningFormat">How the model writes its reasoning.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range in <see cref="GenerationParameterRanges"/> (temperature outside [0, 2], top-p outside (0, 1], ...).</exception>
    /// <exception cref="NotSupportedException">The options ask for something the engine does not do (tools on a model without a tool-call format, a tool that is not a function), or a JSON schema keyword the grammar cannot enforce.</exception>
    /// <exception cref="ArgumentException">A JSON schema is malformed or unsatisfiable, or the required tool is not among the tools.</exception>
    public static GenerationRequest Map(ChatOptions? options, ToolCallFormat toolCallFormat = ToolCallFormat.None, ReasoningFormat reasoningFormat = ReasoningFormat.None)
    {

        // One table of ranges for configuration, prompts, imports and both engines.
        GenerationParameterRanges.Temperature.ThrowIfOutOfRange(options?.Temperature, "ChatOptions.Temperature", nameof(options));
        GenerationParameterRanges.TopP.ThrowIfOutOfRange(options?.TopP, "ChatOptions.TopP", nameof(options));
        GenerationParameterRanges.TopK.ThrowIfOutOfRange(options?.TopK, "ChatOptions.TopK", nameof(options));
        GenerationParameterRanges.MinP.ThrowIfOutOfRange(options.GetMinP(), $"Min-p ({GenerationChatOptionsExtensions.MinPKey})", nameof(options));
        GenerationParameterRanges.RepetitionPenalty.ThrowIfOutOfRange(options.GetRepetitionPenalty(), $"The repetition penalty ({GenerationChatOptionsExtensions.RepetitionPenaltyKey})", nameof(options));
        GenerationParameterRanges.FrequencyPenalty.ThrowIfOutOfRange(options?.FrequencyPenalty, "ChatOptions.FrequencyPenalty", nameof(options));
        GenerationParameterRanges.PresencePenalty.ThrowIfOutOfRange(options?.PresencePenalty, "ChatOptions.PresencePenalty", nameof(options));
        GenerationParameterRanges.MaxOutputTokens.ThrowIfOutOfRange(options?.MaxOutputTokens, "ChatOptions.MaxOutputTokens", nameof(options));
        float temperature = options?.Temperature ?? DefaultTemperature;
        float topP = options?.TopP ?? DefaultTopP;
        int topK = options?.TopK ?? DefaultTopK;
        float minP = options.GetMinP() ?? DefaultMinP;
        float repetition = options.GetRepetitionPenalty() ?? 1f;
        float frequency = options?.FrequencyPenalty ?? 0f;
        float presence = options?.PresencePenalty ?? 0f;
        int? maxTokens = options?.MaxOutputTokens;

        string? grammar = options.GetGrammar() ?? MapResponseFormat(options?.ResponseFormat);
        IReadOnlyList<string>? triggers = null;
        ToolCallParsing? toolCalls = null;
        if (MapTools(options, toolCallFormat) is { } tools)
        {
            if (grammar is not null && tools.Triggers is not null)
            {
                throw new NotSupportedException(
                    "The GGUF engine cannot combine a grammar or JSON response format with optional tool calls (ToolMode Auto): one constraint applies at a time. "
                    + "Require a call (ChatToolMode.RequireAny or RequireSpecific), or ask for the structured answer in a request without tools.");
            }

            (grammar, triggers) = (tools.Grammar, tools.Triggers);
            toolCalls = new ToolCallParsing(toolCallFormat, reasoningFormat, tools.NotEnforced);
        }

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
            GrammarTriggers = triggers,
            GrammarFirst = options.GetGrammarFirst() ?? false,
        };
        return new GenerationRequest(sampler, maxTokens, options?.StopSequences?.Where(s => s.Length > 0).ToArray() ?? [], toolCalls);
    }

    /// <summary>
    /// The tool-call constraint of a request: none without tools or with <see cref="ChatToolMode.None"/> (the template still
    /// shows the tools); a lazy grammar, switched on by the format's openers, for <see cref="ChatToolMode.Auto"/>; a grammar
    /// from the first token for <see cref="ChatToolMode.RequireAny"/> and <see cref="ChatToolMode.RequireSpecific"/> (that
    /// tool only). Argument-schema keywords a grammar cannot enforce (<c>pattern</c>, bounds on numbers, ...) are left out
    /// of the constraint and reported, rather than refusing the tool. <see cref="ChatOptions.AllowMultipleToolCalls"/> <see langword="false"/> allows one call per turn. A required call takes precedence over a response format or grammar, which would constrain text that
    /// never comes.
    /// </summary>
    internal static (string Grammar, IReadOnlyList<string>? Triggers, IReadOnlyList<string> NotEnforced)? MapTools(ChatOptions? options, ToolCallFormat format)
    {
        if (options?.Tools is not { Count: > 0 } tools || options.ToolMode is NoneChatToolMode)
        {
            return null;
        }

        if (format == ToolCallFormat.None)
        {
            throw new NotSupportedException(
                "ChatOptions.Tools were given, but this model's chat template shows no way to write tool calls, so the engine cannot read any. "
                + "Use a model whose template supports tools, set the tool-call format (GgufEngineOptions.ToolCallFormat, or Settings:ToolCallFormat in the registry), "
                + "or set ToolMode to ChatToolMode.None to show the tools without calls.");
        }

        var functions = new List<AIFunctionDeclaration>(tools.Count);
        foreach (AITool tool in tools)
        {
            functions.Add(tool as AIFunctionDeclaration
                ?? throw new NotSupportedException($"Tool '{tool.Name}' is a {tool.GetType().Name}; the GGUF engine calls function declarations (AIFunctionDeclaration) only."));
        }

        if (options.ToolMode is RequiredChatToolMode { RequiredFunctionName: { } name })
        {
            functions = functions.Where(f => f.Name == name).Take(1).ToList();
            if (functions.Count == 0)
            {
                throw new ArgumentException($"ChatToolMode.RequireSpecific('{name}') names no tool of ChatOptions.Tools ({string.Join(", ", tools.Select(t => t.Name))}).", nameof(options));
            }
        }

        string grammar = ToolCallGrammar.Build(format, functions, options.AllowMultipleToolCalls ?? true, out IReadOnlyList<string> notEnforced);
        return (grammar, options.ToolMode is RequiredChatToolMode ? null : ToolCallGrammar.TriggerPatterns(format), notEnforced);
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
