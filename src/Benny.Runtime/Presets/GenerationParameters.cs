namespace Benny.Runtime.Presets;

/// <summary>The generation parameters a preset can set and an engine can support.</summary>
[Flags]
public enum GenerationParameters
{
    /// <summary>No parameter.</summary>
    None = 0,

    /// <summary>Sampling temperature; 0 means greedy decoding.</summary>
    Temperature = 1 << 0,

    /// <summary>Nucleus sampling threshold (top-p).</summary>
    TopP = 1 << 1,

    /// <summary>Top-k sampling.</summary>
    TopK = 1 << 2,

    /// <summary>Min-p sampling.</summary>
    MinP = 1 << 3,

    /// <summary>Repetition penalty (multiplicative, 1 = off).</summary>
    RepetitionPenalty = 1 << 4,

    /// <summary>Frequency penalty (additive, 0 = off).</summary>
    FrequencyPenalty = 1 << 5,

    /// <summary>Presence penalty (additive, 0 = off).</summary>
    PresencePenalty = 1 << 6,

    /// <summary>Maximum number of output tokens.</summary>
    MaxOutputTokens = 1 << 7,

    /// <summary>Random seed.</summary>
    Seed = 1 << 8,

    /// <summary>Stop sequences.</summary>
    StopSequences = 1 << 9,

    /// <summary>Every parameter above.</summary>
    All = Temperature | TopP | TopK | MinP | RepetitionPenalty | FrequencyPenalty | PresencePenalty | MaxOutputTokens | Seed | StopSequences,
}
