using System.Text.Json.Serialization;

namespace Benny.Runtime.Provisioning;

/// <summary>The outcome of provisioning one model; serialized with snake_case names.</summary>
public sealed record ProvisioningEntry
{
    /// <summary>Gets the model whose artifact was provisioned (the alias target when a role or alias was asked for).</summary>
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    /// <summary>Gets the role or alias that was asked for, when it differs from <see cref="Model"/>.</summary>
    [JsonPropertyName("role")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    /// <summary>Gets what was done.</summary>
    [JsonPropertyName("action")]
    public required ProvisioningAction Action { get; init; }

    /// <summary>Gets the source the artifact comes from (<c>hf://...</c>), when the model has one.</summary>
    [JsonPropertyName("source")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }

    /// <summary>Gets the size of the artifact on disk in bytes (all files of a folder); 0 when it failed.</summary>
    [JsonPropertyName("bytes")]
    public long Bytes { get; init; }

    /// <summary>Gets how many bytes were received over the network for this entry.</summary>
    [JsonPropertyName("downloaded_bytes")]
    public long DownloadedBytes { get; init; }

    /// <summary>Gets how long provisioning took, in milliseconds.</summary>
    [JsonPropertyName("duration_ms")]
    public long DurationMs { get; init; }

    /// <summary>Gets the full path of the artifact (file or folder), when known.</summary>
    [JsonPropertyName("path")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Path { get; init; }

    /// <summary>Gets the SHA-256 the file was checked against, when one was known (single-file artifacts).</summary>
    [JsonPropertyName("sha256")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sha256 { get; init; }

    /// <summary>Gets why provisioning failed and what to do, when <see cref="Action"/> is <see cref="ProvisioningAction.Failed"/>.</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    /// <summary>Gets whether the artifact is ready (every action but <see cref="ProvisioningAction.Failed"/>).</summary>
    [JsonIgnore]
    public bool Succeeded => Action != ProvisioningAction.Failed;
}
