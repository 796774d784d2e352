using Benny.Runtime.Registry;

namespace Benny.Runtime.Provisioning;

/// <summary>
/// Makes sure model artifacts are on disk: downloads missing ones from their source (resumable, verified, atomic),
/// once per file even across processes, and reports what it did per model.
/// </summary>
/// <remarks>
/// Implementations are safe to call from any thread. Reports are cached per artifact for the lifetime of the
/// provisioner: a second call returns the first outcome without touching the network unless <c>force</c> is set.
/// Failures are not cached.
/// </remarks>
public interface IModelProvisioner
{
    /// <summary>Ensures the artifacts of models, aliases or profile roles are present.</summary>
    /// <param name="names">
    /// Registered model names, aliases or profile roles (roles are aliases: <c>general</c> resolves to its model), or
    /// catalog names that are not registered (their GGUF artifact is fetched into the cache).
    /// </param>
    /// <param name="force">
    /// When <see langword="true"/>, ignores cached reports and checks files that are present again: a file whose
    /// SHA-256 matches the catalog's or the server's is <see cref="ProvisioningAction.Verified"/>, any other is downloaded again.
    /// </param>
    /// <param name="progress">Receives download progress; may be called from any thread.</param>
    /// <param name="cancellationToken">Cancels the wait and the downloads this call started; partial files are kept for a resume.</param>
    /// <returns>One entry per name, in order. A name that cannot be provisioned gets a <see cref="ProvisioningAction.Failed"/> entry; no exception is thrown for it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="names"/> or a name is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ProvisioningReport> EnsureAsync(
        IEnumerable<string> names,
        bool force = false,
        IProgress<ProvisioningProgress>? progress = null,
        CancellationToken cancellationToken = default);

    /// <summary>Ensures one artifact is present (the path the <c>ModelHost</c> takes for <c>AutoDownload</c>).</summary>
    /// <param name="artifact">The artifact, from <see cref="FindArtifact"/>.</param>
    /// <param name="force">Ignore the cached report and check a present file again.</param>
    /// <param name="progress">Receives download progress; may be called from any thread.</param>
    /// <param name="cancellationToken">Cancels the wait and a download this call started.</param>
    /// <returns>The entry; <see cref="ProvisioningEntry.Error"/> says why when it failed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="artifact"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ProvisioningEntry> EnsureArtifactAsync(
        ModelArtifact artifact,
        bool force = false,
        IProgress<ProvisioningProgress>? progress = null,
        CancellationToken cancellationToken = default);

    /// <summary>Gets the downloadable artifact of a non-alias registry entry, without any I/O.</summary>
    /// <param name="definition">The entry.</param>
    /// <returns>
    /// The artifact when the entry has a <see cref="ModelDefinition.Source"/>, or has no <see cref="ModelDefinition.Path"/>
    /// and the catalog knows its name and engine; otherwise <see langword="null"/> (the entry's path is used as it is).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The entry's source is malformed.</exception>
    ModelArtifact? FindArtifact(ModelDefinition definition);
}
