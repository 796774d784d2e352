using System.Text.Json.Serialization;

namespace Benny.Runtime.Provisioning;

/// <summary>What provisioning did for one model; serialized as the lower-case names in brackets.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProvisioningAction>))]
public enum ProvisioningAction
{
    /// <summary>The artifact was already there (<c>present</c>); nothing was downloaded or checked.</summary>
    [JsonStringEnumMemberName("present")]
    Present,

    /// <summary>The artifact was downloaded in full (<c>downloaded</c>).</summary>
    [JsonStringEnumMemberName("downloaded")]
    Downloaded,

    /// <summary>The artifact was there and its SHA-256 matched the expected one (<c>verified</c>; with <c>force</c>).</summary>
    [JsonStringEnumMemberName("verified")]
    Verified,

    /// <summary>The download continued a partial file (<c>resumed</c>): one left by an earlier run, or after a dropped connection.</summary>
    [JsonStringEnumMemberName("resumed")]
    Resumed,

    /// <summary>Provisioning failed (<c>failed</c>); the entry's error says why and what to do.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
