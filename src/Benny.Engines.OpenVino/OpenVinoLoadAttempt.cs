namespace Benny.Engines.OpenVino;

/// <summary>One try to compile a model folder for a device that failed (see <see cref="OpenVinoModelInfo.FailedAttempts"/>).</summary>
/// <param name="Folder">The model folder tried.</param>
/// <param name="Device">The device tried.</param>
/// <param name="Error">The runtime's error message.</param>
public sealed record OpenVinoLoadAttempt(string Folder, string Device, string Error);
