namespace Benny.Runtime.Provisioning;

/// <summary>A model's downloadable artifact: where it comes from, where it is stored, and how it is checked.</summary>
/// <param name="Model">The model (non-alias registry entry) the artifact belongs to.</param>
/// <param name="Source">Where it is downloaded from.</param>
/// <param name="Path">The full path of the file, or of the folder for a folder source.</param>
/// <param name="Files">The files of the source repository that make up the artifact (one for a file source).</param>
/// <param name="Sha256">The expected SHA-256 (hex) of a single-file artifact, or <see langword="null"/> to use the server's.</param>
/// <param name="AutoDownload">Whether a first request for the model downloads a missing artifact.</param>
public sealed record ModelArtifact(string Model, ModelSource Source, string Path, IReadOnlyList<string> Files, string? Sha256, bool AutoDownload)
{
    /// <summary>Gets whether every file of the artifact exists on disk. Partial downloads (<c>.part</c> files) do not count.</summary>
    /// <returns><see langword="true"/> when the artifact is complete on disk.</returns>
    public bool Exists()
        => Source.IsFolder
            ? Files.All(f => File.Exists(System.IO.Path.Combine(Path, f)))
            : File.Exists(Path);
}
