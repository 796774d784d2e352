namespace Benny.Runtime.Provisioning;

/// <summary>One downloadable artifact of the <see cref="ModelCatalog"/>: what a model name is fetched from for one engine.</summary>
/// <param name="Name">The model name (a Benny name such as <c>benny-route-s</c>).</param>
/// <param name="Engine">The engine the artifact is for (<c>gguf</c> or <c>openvino</c>).</param>
/// <param name="Source">Where the artifact is downloaded from.</param>
/// <param name="Sha256">The expected SHA-256 (hex) of a single-file artifact, or <see langword="null"/> when the catalog does not pin it (the server's hash is used).</param>
public sealed record ModelCatalogEntry(string Name, string Engine, ModelSource Source, string? Sha256 = null);
