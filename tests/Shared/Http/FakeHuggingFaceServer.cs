using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Benny.Tests.Support;

/// <summary>
/// A loopback Kestrel server laid out like Hugging Face: <c>/{owner}/{repo}/resolve/{revision}/{file}</c> answers
/// LFS files with a 302 to <c>/cdn/...</c> carrying <c>X-Linked-Etag</c> / <c>X-Linked-Size</c>, and other files
/// directly. Supports Range, 401 for private files, 404 with <c>X-Error-Code</c>, slow bodies, and dropped connections.
/// </summary>
internal sealed class FakeHuggingFaceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeFile> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _log = new();

    private FakeHuggingFaceServer(WebApplication app) => _app = app;

    /// <summary>Gets the server's address, such as <c>http://127.0.0.1:12345</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Gets the token private files require (<c>Authorization: Bearer</c>).</summary>
    public string Token { get; } = "hf_test_token";

    /// <summary>Gets the requests seen, as <c>METHOD path [range]</c>, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _log];

    public static async Task<FakeHuggingFaceServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var server = new FakeHuggingFaceServer(app);
        app.MapMethods("/{owner}/{repo}/resolve/{revision}/{**path}", ["GET", "HEAD"], server.ResolveAsync);
        app.MapMethods("/cdn/{**key}", ["GET", "HEAD"], server.CdnAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address);
        return server;
    }

    /// <summary>Serves <paramref name="content"/> as <c>{repository}/resolve/{revision}/{path}</c>.</summary>
    public FakeFile Add(string repository, string path, byte[] content, string revision = "main")
    {
        var file = new FakeFile(content);
        _files[$"{repository}/{revision}/{path}"] = file;
        return file;
    }

    /// <summary>Counts the GET requests for file bodies (CDN or direct) of <paramref name="path"/>.</summary>
    public int BodyRequests(string path) => _log.Count(r => r.StartsWith("GET ", StringComparison.Ordinal) && r.Contains("/cdn/", StringComparison.Ordinal) && r.Contains(path, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ResolveAsync(HttpContext context, string owner, string repo, string revision, string path)
    {
        _log.Enqueue($"{context.Request.Method} {context.Request.Path}");
        string repository = $"{owner}/{repo}";
        if (!_files.TryGetValue($"{repository}/{revision}/{path}", out FakeFile? file))
        {
            bool repoKnown = _files.Keys.Any(k => k.StartsWith(repository + "/", StringComparison.Ordinal));
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.Headers["X-Error-Code"] = repoKnown ? "EntryNotFound" : "RepoNotFound";
            return;
        }

        if (file.Private && context.Request.Headers.Authorization != $"Bearer {Token}")
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers["X-Error-Code"] = "GatedRepo";
            return;
        }

        if (file.Lfs)
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers["X-Linked-Etag"] = $"\"{file.AnnouncedSha256}\"";
            context.Response.Headers["X-Linked-Size"] = file.Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Another host name for the same server, like Hugging Face's CDN: the token must not follow the redirect.
            context.Response.Headers.Location = $"http://localhost:{Endpoint.Port}/cdn/{repository}/{revision}/{path}";
            return;
        }

        await ServeAsync(context, file);
    }

    private async Task CdnAsync(HttpContext context, string key)
    {
        _log.Enqueue($"{context.Request.Method} {context.Request.Path} {context.Request.Headers.Range}".TrimEnd());
        if (!_files.TryGetValue(key, out FakeFile? file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (context.Request.Headers.Authorization.Count > 0)
        {
            // Like a CDN with presigned URLs: a token must never be forwarded to this other host.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        await ServeAsync(context, file);
    }

    private static async Task ServeAsync(HttpContext context, FakeFile file)
    {
        long start = 0;
        string? range = context.Request.Headers.Range;
        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (start >= file.Content.Length)
            {
                context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                return;
            }

            context.Response.StatusCode = StatusCodes.Status206PartialContent;
            context.Response.Headers.ContentRange = $"bytes {start}-{file.Content.Length - 1}/{file.Content.Length}";
        }

        if (!file.Lfs)
        {
            context.Response.Headers.ETag = "\"0123456789abcdef0123456789abcdef01234567\"";
        }

        context.Response.Headers.AcceptRanges = "bytes";
        context.Response.ContentLength = file.Content.Length - start;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        bool drop = Interlocked.Decrement(ref file.DropsLeft) >= 0;
        int end = drop ? (int)Math.Min(file.Content.Length, start + file.DropAfterBytes) : file.Content.Length;
        const int Chunk = 4096;
        for (int offset = (int)start; offset < end; offset += Chunk)
        {
            await context.Response.Body.WriteAsync(file.Content.AsMemory(offset, Math.Min(Chunk, end - offset)));
            await context.Response.Body.FlushAsync();
            if (file.ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(file.ChunkDelay);
            }
        }

        if (drop)
        {
            context.Abort();
        }
    }
}

/// <summary>A file the fake server serves and how.</summary>
internal sealed class FakeFile(byte[] content)
{
    public byte[] Content { get; } = content;

    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Gets or sets the hash sent as <c>X-Linked-Etag</c>; the real one by default.</summary>
    public string? AnnouncedSha256 { get => field ?? Sha256; set; }

    /// <summary>Gets or sets whether the file is stored in LFS (302 with linked headers) rather than served directly.</summary>
    public bool Lfs { get; set; } = true;

    /// <summary>Gets or sets whether the file needs the token.</summary>
    public bool Private { get; set; }

    /// <summary>How many GETs still drop the connection after <see cref="DropAfterBytes"/> bytes.</summary>
    public int DropsLeft;

    public int DropAfterBytes { get; set; }

    /// <summary>Gets or sets a pause after each 4 KiB chunk (makes downloads slow enough to overlap).</summary>
    public TimeSpan ChunkDelay { get; set; }
}
