namespace Benny.Runtime.Provisioning;

/// <summary>Progress of one download.</summary>
/// <param name="Model">The model whose artifact is downloading.</param>
/// <param name="File">The file in the source repository.</param>
/// <param name="BytesDone">The bytes of the file on disk so far (a resumed download starts above 0).</param>
/// <param name="BytesTotal">The file's size, when the server says it.</param>
public readonly record struct ProvisioningProgress(string Model, string File, long BytesDone, long? BytesTotal)
{
    /// <summary>Gets the fraction done in [0, 1], or <see langword="null"/> when the size is unknown.</summary>
    public double? Fraction => BytesTotal is > 0 and { } total ? Math.Clamp((double)BytesDone / total, 0, 1) : null;
}
