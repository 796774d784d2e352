using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Benny.Runtime.Provisioning;

/// <summary>
/// Talks to a Hugging Face endpoint: <c>{endpoint}/{repo}/resolve/{revision}/{file}</c>, following redirects itself so
/// that it can read <c>X-Linked-Etag</c> / <c>X-Linked-Size</c> from the first answer and send the token only to the
/// endpoint's host. Maps 401/403/404 to <see cref="ModelDownloadException"/>s that say what to do.
/// </summary>
internal sealed class HuggingFaceClient(HttpClient http, Uri endpoint, string? token)
{
    private const int MaxRedirects = 10;

    public Uri Endpoint { get; } = endpoint;

    /// <summary>Reads the file's metadata with HEAD.</summary>
    public async Task<RemoteFile> GetMetadataAsync(ModelSource source, string file, CancellationToken cancellationToken)
    {
        using RemoteResponse response = await SendAsync(HttpMethod.Head, source, file, null, cancellationToken).ConfigureAwait(false);
        return response.Metadata;
    }

    /// <summary>Starts a GET, from <paramref name="offset"/> when it is above 0; the caller disposes the response.</summary>
    public Task<RemoteResponse> GetAsync(ModelSource source, string file, long offset, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Get, source, file, offset > 0 ? offset : null, cancellationToken);

    private async Task<RemoteResponse> SendAsync(HttpMethod method, ModelSource source, string file, long? offset, CancellationToken cancellationToken)
    {
        Uri uri = source.GetResolveUri(Endpoint, file);
        string? linkedSha = null;
        long? linkedSize = null;
        for (int hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, uri);
            if (token is not null && string.Equals(uri.Host, Endpoint.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == Endpoint.Port)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (offset is { } from)
            {
                request.Headers.Range = new RangeHeaderValue(from, null);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new TransientDownloadException($"The request for {file} in {source.Repository} to {uri.GetLeftPart(UriPartial.Path)} failed: {e.Message}", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TransientDownloadException($"The request for {file} in {source.Repository} to {uri.GetLeftPart(UriPartial.Path)} timed out.", e);
            }

            linkedSha ??= ParseSha256(Header(response, "X-Linked-Etag"));
            if (linkedSize is null && long.TryParse(Header(response, "X-Linked-Size"), NumberStyles.None, CultureInfo.InvariantCulture, out long size))
            {
                linkedSize = size;
            }

            int status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                response.Dispose();
                if (hop >= MaxRedirects)
                {
                    throw new ModelDownloadException($"Downloading {file} from {source.Repository} was redirected more than {MaxRedirects} times. Check Benny:Provisioning:Endpoint / HF_ENDPOINT.", source.Repository, file);
                }

                uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                // The linked (LFS) hash and size of a redirecting hop win over the final answer's ETag and length.
                var metadata = new RemoteFile(
                    linkedSha ?? ParseSha256(response.Headers.ETag?.Tag),
                    linkedSize ?? (method == HttpMethod.Get && response.StatusCode == HttpStatusCode.PartialContent
                        ? response.Content.Headers.ContentRange?.Length
                        : response.Content.Headers.ContentLength));
                return new RemoteResponse(response, metadata);
            }

            using (response)
            {
                throw CreateError(response, source, file);
            }
        }
    }

    private Exception CreateError(HttpResponseMessage response, ModelSource source, string file)
    {
        string where = $"{file} in {source.Repository} (revision {source.Revision}) at {Endpoint.GetLeftPart(UriPartial.Authority)}";
        string? code = Header(response, "X-Error-Code");
        string codeText = code is null ? "" : $" ({code})";
        int status = (int)response.StatusCode;
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized:
            case HttpStatusCode.Forbidden:
                string tokenText = token is null
                    ? $"No token was sent: set the {ProvisioningOptions.TokenEnvironmentVariable} environment variable (or Benny:Provisioning:Token) to a Hugging Face access token that can read the repository"
                    : $"The token in use (Benny:Provisioning:Token or {ProvisioningOptions.TokenEnvironmentVariable}) was refused: check that it is valid and can read the repository";
                return new ModelDownloadException(
                    $"Hugging Face answered {status} {response.ReasonPhrase}{codeText} for {where}. The repository is private or gated, or the token is wrong. "
                    + $"{tokenText}; for a gated model, accept its license on https://huggingface.co/{source.Repository}. Also check the repository name.",
                    source.Repository, file, response.StatusCode);
            case HttpStatusCode.NotFound:
                return new ModelDownloadException(
                    $"Hugging Face answered 404 Not Found{codeText} for {where}. Check the repository name '{source.Repository}', the file name '{file}' and the revision '{source.Revision}' "
                    + $"in the model's Source (or the catalog entry); a private repository also answers 404 when no token is sent (set {ProvisioningOptions.TokenEnvironmentVariable}).",
                    source.Repository, file, response.StatusCode);
            case HttpStatusCode.RequestedRangeNotSatisfiable:
                return new RangeNotSatisfiableException();
            default:
                string message = $"Hugging Face answered {status} {response.ReasonPhrase}{codeText} for {where}.";
                return status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests || response.StatusCode == HttpStatusCode.RequestTimeout
                    ? new TransientDownloadException(message + " The server may be busy; the download is retried.", null)
                    : new ModelDownloadException(message + " Check the model's Source and Benny:Provisioning:Endpoint / HF_ENDPOINT.", source.Repository, file, response.StatusCode);
        }
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    /// <summary>Reads a SHA-256 from an ETag (<c>"abc..."</c> or <c>W/"abc..."</c>); other ETags (git blob ids) give <see langword="null"/>.</summary>
    internal static string? ParseSha256(string? etag)
    {
        if (etag is null)
        {
            return null;
        }

        string value = etag.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        value = value.Trim('"');
        return value.Length == 64 && value.All(char.IsAsciiHexDigit) ? value.ToLowerInvariant() : null;
    }
}

/// <summary>What the server says about a file.</summary>
/// <param name="Sha256">The SHA-256 (lower-case hex) when the server gives one.</param>
/// <param name="Size">The size in bytes when the server gives it.</param>
internal sealed record RemoteFile(string? Sha256, long? Size);

/// <summary>A successful answer and what it says about the file.</summary>
/// <param name="Response">The answer; its content is the file (or the rest of it, for a range request).</param>
/// <param name="Metadata">The file's hash and full size, when known.</param>
internal sealed record RemoteResponse(HttpResponseMessage Response, RemoteFile Metadata) : IDisposable
{
    public void Dispose() => Response.Dispose();
}

/// <summary>A failure worth retrying: a dropped connection, a timeout, a 5xx or 429 answer.</summary>
#pragma warning disable CA1064, CA1032 // Internal: never crosses the assembly boundary.
internal sealed class TransientDownloadException(string message, Exception? innerException) : Exception(message, innerException);

/// <summary>The server answered 416 to a range request: the partial file is not a prefix it can continue.</summary>
internal sealed class RangeNotSatisfiableException() : Exception("Range not satisfiable.");
#pragma warning restore CA1064, CA1032
