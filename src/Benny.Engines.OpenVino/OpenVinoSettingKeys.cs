namespace Benny.Engines.OpenVino;

/// <summary>The keys of a registry entry's <c>Settings</c> that the <c>openvino</c> engine reads; start-up validation reports any other key.</summary>
/// <remarks>A setting read by <see cref="OpenVinoEngineProvider"/> is added here too (one line), or it is reported as unknown.</remarks>
internal static class OpenVinoSettingKeys
{
    /// <summary>Gets every key, in the spelling the documentation uses (keys compare case-insensitively).</summary>
    public static IReadOnlyCollection<string> All { get; } =
    [
        "CacheDirectory",
        "MaxPromptLength",
        "MinResponseLength",
        "FallbackDevices",
    ];
}
