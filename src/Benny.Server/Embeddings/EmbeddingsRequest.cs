namespace Benny.Server.Embeddings;

/// <summary>A parsed <c>POST /v1/embeddings</c> body.</summary>
/// <param name="Model">The requested model: a registry name or alias whose entry enables embeddings.</param>
/// <param name="Inputs">The texts to embed, in order (a single <c>input</c> string is one).</param>
/// <param name="Base64">Whether the vectors are answered as base64 strings of little-endian floats (<c>encoding_format: "base64"</c>) instead of arrays.</param>
/// <param name="Dimensions">The vector length asked for (<c>dimensions</c>); <see langword="null"/> when not given.</param>
internal sealed record EmbeddingsRequest(string Model, IReadOnlyList<string> Inputs, bool Base64, int? Dimensions);
