using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Benny.Runtime.Prompts;

/// <summary>
/// Typed access to the prompt settings a caller passes per request in <see cref="ChatOptions.AdditionalProperties"/>:
/// the template variables (key <see cref="VariablesKey"/>) and the opt-out of prompt injection (key <see cref="DisabledKey"/>).
/// <see cref="PromptChatClient"/> reads both and removes them before calling the next client.
/// </summary>
public static class PromptChatOptionsExtensions
{
    /// <summary>
    /// The <see cref="ChatOptions.AdditionalProperties"/> key of the prompt template variables: an
    /// <see cref="IReadOnlyDictionary{TKey, TValue}"/> of <see cref="string"/> to <see cref="object"/>
    /// (a JSON object as <see cref="JsonElement"/> is accepted too).
    /// </summary>
    public const string VariablesKey = "benny.prompt.variables";

    /// <summary>
    /// The <see cref="ChatOptions.AdditionalProperties"/> key that turns prompt injection off for one request:
    /// <see langword="true"/> (a <see cref="bool"/>, the string <c>"true"</c> or a JSON <c>true</c>).
    /// </summary>
    public const string DisabledKey = "benny.prompt.disabled";

    /// <summary>Sets the variables the injected prompt template is rendered with.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="variables">The variables; a copy is stored, so later changes to the dictionary do not apply.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="variables"/> is <see langword="null"/>.</exception>
    public static ChatOptions WithPromptVariables(this ChatOptions options, IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(variables);
        (options.AdditionalProperties ??= [])[VariablesKey] = new Dictionary<string, object?>(variables, StringComparer.Ordinal);
        return options;
    }

    /// <summary>Gets the prompt template variables set on <paramref name="options"/>.</summary>
    /// <param name="options">The options to read; may be <see langword="null"/>.</param>
    /// <returns>The variables, or <see langword="null"/> when none are set.</returns>
    /// <exception cref="InvalidOperationException">The value under <see cref="VariablesKey"/> is not a string-keyed dictionary or JSON object.</exception>
    public static IReadOnlyDictionary<string, object?>? GetPromptVariables(this ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } properties || !properties.TryGetValue(VariablesKey, out object? raw) || raw is null)
        {
            return null;
        }

        return raw switch
        {
            IReadOnlyDictionary<string, object?> readOnly => readOnly,
            IDictionary<string, object?> dictionary => dictionary.AsReadOnly(),
            JsonElement { ValueKind: JsonValueKind.Object } element =>
                element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal),
            JsonElement { ValueKind: JsonValueKind.Null } => null,
            _ => throw new InvalidOperationException(
                $"ChatOptions.AdditionalProperties['{VariablesKey}'] holds a {raw.GetType().Name}; expected a dictionary of variable names to values. Use WithPromptVariables(...)."),
        };
    }

    /// <summary>Turns off prompt template injection for requests made with <paramref name="options"/>.</summary>
    /// <param name="options">The options to change.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public static ChatOptions WithoutPromptInjection(this ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (options.AdditionalProperties ??= [])[DisabledKey] = true;
        return options;
    }

    /// <summary>Gets whether prompt template injection is turned off for requests made with <paramref name="options"/>.</summary>
    /// <param name="options">The options to read; may be <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the caller opted out.</returns>
    /// <exception cref="InvalidOperationException">The value under <see cref="DisabledKey"/> is not a boolean.</exception>
    public static bool IsPromptInjectionDisabled(this ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } properties || !properties.TryGetValue(DisabledKey, out object? raw) || raw is null)
        {
            return false;
        }

        return raw switch
        {
            bool b => b,
            string s when bool.TryParse(s, out bool parsed) => parsed,
            JsonElement { ValueKind: JsonValueKind.True } => true,
            JsonElement { ValueKind: JsonValueKind.False or JsonValueKind.Null } => false,
            _ => throw new InvalidOperationException(
                $"ChatOptions.AdditionalProperties['{DisabledKey}'] holds a {raw.GetType().Name} ('{raw}'); expected true or false."),
        };
    }
}
