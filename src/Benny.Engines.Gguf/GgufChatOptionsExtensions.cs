using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf;

/// <summary>GGUF-engine settings carried in <see cref="ChatOptions.AdditionalProperties"/>.</summary>
public static class GgufChatOptionsExtensions
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of a GBNF grammar (a string) that constrains the output.</summary>
    public const string GrammarKey = Benny.Runtime.Presets.ConstrainedOutput.GbnfGrammarKey;

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
