namespace Benny.Engines.Gguf;

/// <summary>The keys of a registry entry's <c>Settings</c> that the <c>gguf</c> engine reads; start-up validation reports any other key.</summary>
/// <remarks>A setting read by <see cref="GgufEngineProvider"/> is added here too (one line), or it is reported as unknown.</remarks>
internal static class GgufSettingKeys
{
    /// <summary>Gets every key, in the spelling the documentation uses (keys compare case-insensitively).</summary>
    public static IReadOnlyCollection<string> All { get; } =
    [
        "Threads",
        "BatchSize",
        "MainGpu",
        "QueueLimit",
        "ThreadPolling",
        "AdaptiveThreads",
        "ChatTemplate",
        "ChatTemplatePath",
        "ToolCallFormat",
        "EmbeddingPooling",
        "EmbeddingNormalize",
        "EmbeddingTruncate",
        "EmbeddingContextSize",
        "EmbeddingBatchInputs",
    ];
}
