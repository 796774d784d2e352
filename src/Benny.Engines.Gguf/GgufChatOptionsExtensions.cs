using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf;

/// <summary>GGUF-engine settings carried in <see cref="ChatOptions.AdditionalProperties"/>.</summary>
public static class GgufChatOptionsExtensions
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of a GBNF grammar (a string) that constrains the output.</summary>
    public const string GrammarKey = Benny.Runtime.Presets.ConstrainedOutput.GbnfGrammarKey;

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of a <see cref="bool"/>: whether the grammar filters the whole vocabulary before every token.</summary>
    public const string GrammarFirstKey = "benny.gguf.grammar_first";

    /// <summary>
    /// Chooses how a grammar (from <see cref="WithGrammar"/> or a JSON response format) constrains sampling. By default the
    /// sampler picks a token, checks it against the grammar, and filters the whole vocabulary only when it is rejected:
    /// much faster, the same tokens for greedy decoding, and a slightly different distribution for random sampling.
    /// <see langword="true"/> filters the whole vocabulary before every token, so random sampling draws from exactly the
    /// distribution restricted to what the grammar allows.
    /// </summary>
    /// <param name="options">The options to change.</param>
    /// <param name="grammarFirst"><see langword="true"/> to filter before every token; <see langword="null"/> for the default.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public static ChatOptions WithGrammarFirst(this ChatOptions options, bool? grammarFirst)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (grammarFirst is null)
        {
            options.AdditionalProperties?.Remove(GrammarFirstKey);
        }
        else
        {
            (options.AdditionalProperties ??= [])[GrammarFirstKey] = grammarFirst.Value;
        }

        return options;
    }

    /// <summary>Gets whether grammar-first sampling is set on <paramref name="options"/> (see <see cref="WithGrammarFirst"/>).</summary>
    /// <param name="options">The options; may be <see langword="null"/>.</param>
    /// <returns>The setting, or <see langword="null"/> for the default.</returns>
    /// <exception cref="InvalidOperationException">The value under <see cref="GrammarFirstKey"/> is not a <see cref="bool"/>.</exception>
    public static bool? GetGrammarFirst(this ChatOptions? options)
        => options?.AdditionalProperties?.TryGetValue(GrammarFirstKey, out object? value) is true
            ? value as bool? ?? (value is null ? null : throw new InvalidOperationException($"ChatOptions.AdditionalProperties['{GrammarFirstKey}'] must be a bool; it is a {value.GetType().Name}."))
            : null;

    /// <summary>Constrains the output with a GBNF grammar whose start rule is <c>root</c>.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="grammar">The grammar in llama.cpp's GBNF syntax, or <see langword="null"/> to remove it.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public static ChatOptions WithGrammar(this ChatOptions options, string? grammar)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (grammar is null)
        {
            options.AdditionalProperties?.Remove(GrammarKey);
        }
        else
        {
            (options.AdditionalProperties ??= [])[GrammarKey] = grammar;
        }

        return options;
    }

    /// <summary>Gets the GBNF grammar set on <paramref name="options"/>.</summary>
    /// <param name="options">The options; may be <see langword="null"/>.</param>
    /// <returns>The grammar, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidOperationException">The value under <see cref="GrammarKey"/> is not a string.</exception>
    public static string? GetGrammar(this ChatOptions? options)
        => options?.AdditionalProperties?.TryGetValue(GrammarKey, out object? value) is true
            ? value as string ?? (value is null ? null : throw new InvalidOperationException($"ChatOptions.AdditionalProperties['{GrammarKey}'] must be a GBNF grammar string; it is a {value.GetType().Name}."))
            : null;
}
