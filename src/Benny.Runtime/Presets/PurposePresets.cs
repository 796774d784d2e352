namespace Benny.Runtime.Presets;

/// <summary>
/// The built-in generation presets per model purpose (the design's preset table). A preset named
/// <c>&lt;purpose&gt;-&lt;s|m&gt;</c> applies to that size only and wins over <c>&lt;purpose&gt;</c>.
/// </summary>
/// <remarks>
/// These are defaults: an entry of the same name under <c>Benny:Presets</c> overrides the values it sets.
/// </remarks>
public static class PurposePresets
{
    /// <summary>Gets the built-in presets by name: <c>route</c>, <c>classify</c>, <c>clean</c>, <c>extract-s</c>, <c>extract-m</c>, <c>tool</c>, <c>summarize-s</c>, <c>summarize-m</c>, <c>rewrite</c>.</summary>
    /// <remarks>Each call returns fresh copies, so callers may change them.</remarks>
    public static IReadOnlyDictionary<string, GenerationPreset> BuiltIn => new Dictionary<string, GenerationPreset>(StringComparer.OrdinalIgnoreCase)
    {
        ["route"] = Deterministic(repetitionPenalty: 1.0f, maxOutputTokens: 128),
        ["classify"] = Deterministic(repetitionPenalty: 1.0f, maxOutputTokens: 128),
        ["clean"] = Deterministic(repetitionPenalty: 1.05f, maxOutputTokens: 512),
        ["extract-s"] = Deterministic(repetitionPenalty: 1.05f, maxOutputTokens: 1024),
        ["extract-m"] = Deterministic(repetitionPenalty: 1.05f, maxOutputTokens: 2048),
        ["tool"] = Sampled(0.1f, 0.9f, 40, 1.05f, 512),
        ["summarize-s"] = Sampled(0.2f, 0.9f, 40, 1.1f, 512),
        ["summarize-m"] = Sampled(0.2f, 0.9f, 40, 1.1f, 1024),
        ["rewrite"] = Sampled(0.5f, 0.9f, 50, 1.05f, 1024),
    };

    private static GenerationPreset Deterministic(float repetitionPenalty, int maxOutputTokens)
        => Sampled(0.01f, 1f, 1, repetitionPenalty, maxOutputTokens);

    private static GenerationPreset Sampled(float temperature, float topP, int topK, float repetitionPenalty, int maxOutputTokens) => new()
    {
        Temperature = temperature,
        TopP = topP,
        TopK = topK,
        RepetitionPenalty = repetitionPenalty,
        MaxOutputTokens = maxOutputTokens,
    };
}
