using System.Text.Json;
using System.Text.Json.Serialization;

namespace Benny.Runtime.Provisioning;

/// <summary>
/// What <see cref="IModelProvisioner.EnsureAsync(IEnumerable{string}, bool, IProgress{ProvisioningProgress}?, CancellationToken)"/>
/// did, one entry per requested name in request order; serialized with snake_case names
/// (<c>{"succeeded": true, "models": [{"model": ..., "action": "downloaded", ...}]}</c>).
/// </summary>
/// <param name="Models">One entry per requested name.</param>
public sealed record ProvisioningReport([property: JsonPropertyName("models")] IReadOnlyList<ProvisioningEntry> Models)
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>Gets whether every entry succeeded.</summary>
    [JsonPropertyName("succeeded")]
    [JsonPropertyOrder(-1)]
    public bool Succeeded => Models.All(m => m.Succeeded);

    /// <summary>Serializes the report as indented JSON (the format of <c>benny provision --json</c>).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, s_indented);
}
