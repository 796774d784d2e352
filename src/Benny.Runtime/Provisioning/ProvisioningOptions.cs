namespace Benny.Runtime.Provisioning;

/// <summary>Settings of model provisioning (<c>Benny:Provisioning</c>): cache folder, Hugging Face endpoint and token, retries.</summary>
public sealed class ProvisioningOptions
{
    /// <summary>The environment variable that overrides the Hugging Face endpoint (as in the Hugging Face tools).</summary>
    public const string EndpointEnvironmentVariable = "HF_ENDPOINT";

    /// <summary>The environment variable that holds the Hugging Face access token (as in the Hugging Face tools).</summary>
    public const string TokenEnvironmentVariable = "HF_TOKEN";

    /// <summary>The Hugging Face endpoint used when neither the options nor <c>HF_ENDPOINT</c> name one.</summary>
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>The cache folder used when <see cref="CacheDirectory"/> is not set.</summary>
    public const string DefaultCacheDirectory = "~/.cache/benny/models";

    /// <summary>Gets or sets the folder downloaded artifacts are stored in (<c>{cache}/{owner}/{repo}/{revision}/{file}</c>); <c>~</c> is the home folder.</summary>
    /// <value>Defaults to <c>~/.cache/benny/models</c>.</value>
    public string? CacheDirectory { get; set; }

    /// <summary>Gets or sets the Hugging Face endpoint (a mirror or a test server).</summary>
    /// <value>Defaults to the <c>HF_ENDPOINT</c> environment variable, else <c>https://huggingface.co</c>.</value>
    public string? Endpoint { get; set; }

    /// <summary>Gets or sets the Hugging Face access token sent as <c>Authorization: Bearer</c> to the endpoint (never to redirect targets on other hosts).</summary>
    /// <value>Defaults to the <c>HF_TOKEN</c> environment variable; none when that is unset.</value>
    public string? Token { get; set; }

    /// <summary>Gets or sets whether a missing artifact with a source is downloaded when its model is first requested.</summary>
    /// <value>Defaults to <see langword="false"/>; a model's own <c>AutoDownload</c> (or a profile's <c>auto_download</c>) wins.</value>
    public bool AutoDownload { get; set; }

    /// <summary>Gets or sets how many times a failed transfer (dropped connection, 5xx, timeout) is retried, resuming where it stopped.</summary>
    /// <value>Defaults to 5.</value>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Gets or sets the delay before the first retry; each further retry doubles it (at most 30 seconds).</summary>
    /// <value>Defaults to 1 second.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the cache folder: <see cref="CacheDirectory"/>, else <see cref="DefaultCacheDirectory"/>, as a full path.</summary>
    /// <returns>The full path.</returns>
    public string GetCacheDirectory()
        => PathExpansion.GetFullPath(string.IsNullOrWhiteSpace(CacheDirectory) ? DefaultCacheDirectory : CacheDirectory);

    /// <summary>Gets the endpoint: <see cref="Endpoint"/>, else <c>HF_ENDPOINT</c>, else <see cref="DefaultEndpoint"/>.</summary>
    /// <returns>The endpoint.</returns>
    /// <exception cref="InvalidOperationException">The endpoint is not an absolute http(s) address.</exception>
    public Uri GetEndpoint()
    {
        string text = FirstNonBlank(Endpoint, Environment.GetEnvironmentVariable(EndpointEnvironmentVariable)) ?? DefaultEndpoint;
        return Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InvalidOperationException($"The Hugging Face endpoint '{text}' (Benny:Provisioning:Endpoint or {EndpointEnvironmentVariable}) is not an absolute http(s) address.");
    }

    /// <summary>Gets the token: <see cref="Token"/>, else <c>HF_TOKEN</c>, else none.</summary>
    /// <returns>The token, or <see langword="null"/>.</returns>
    public string? GetToken() => FirstNonBlank(Token, Environment.GetEnvironmentVariable(TokenEnvironmentVariable));

    /// <summary>Adds a message for each invalid setting to <paramref name="errors"/>.</summary>
    /// <param name="errors">Receives the messages.</param>
    internal void CollectErrors(List<string> errors)
    {
        if (MaxRetries < 0)
        {
            errors.Add($"Benny:Provisioning:MaxRetries is {MaxRetries}; it must be 0 or more.");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            errors.Add($"Benny:Provisioning:RetryDelay is {RetryDelay}; it must not be negative.");
        }

        if (Endpoint is { } endpoint && !string.IsNullOrWhiteSpace(endpoint)
            && !(Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            errors.Add($"Benny:Provisioning:Endpoint is '{endpoint}'; it must be an absolute http(s) address such as {DefaultEndpoint}.");
        }
    }

    private static string? FirstNonBlank(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
