namespace Benny.Engines.OpenVino.Native;

/// <summary>
/// The values set on an <c>ov_genai_generation_config</c>. <see langword="null"/> leaves the model's default
/// (from its generation_config.json). Built by the engine's options mapper.
/// </summary>
internal sealed record GenAiGenerationSettings
{
    /// <summary>Gets the most new tokens (<c>max_new_tokens</c>).</summary>
    public int? MaxNewTokens { get; init; }

    /// <summary>Gets whether to sample (<c>do_sample</c>); <see langword="false"/> is greedy.</summary>
    public bool? DoSample { get; init; }

    /// <summary>Gets the temperature (only set when sampling: GenAI rejects temperature 0 with sampling on).</summary>
    public float? Temperature { get; init; }

    /// <summary>Gets top-p.</summary>
    public float? TopP { get; init; }

    /// <summary>Gets top-k.</summary>
    public int? TopK { get; init; }

    /// <summary>Gets min-p.</summary>
    public float? MinP { get; init; }

    /// <summary>Gets the repetition penalty.</summary>
    public float? RepetitionPenalty { get; init; }

    /// <summary>Gets the presence penalty.</summary>
    public float? PresencePenalty { get; init; }

    /// <summary>Gets the frequency penalty.</summary>
    public float? FrequencyPenalty { get; init; }

    /// <summary>Gets the random seed (<c>rng_seed</c>).</summary>
    public ulong? Seed { get; init; }

    /// <summary>Gets the stop strings (not included in the output).</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];
}
