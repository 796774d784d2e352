using Benny.Server.Errors;

namespace Benny.Server;

/// <summary>Settings of the OpenAI-compatible server, bound from <c>Benny:Server</c> by <c>AddBennyServer</c>.</summary>
public sealed class BennyServerOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Benny:Server";

    /// <summary>The default <see cref="MaxRequestBodySize"/>: 4 MiB.</summary>
    public const long DefaultMaxRequestBodySize = 4 * 1024 * 1024;

    /// <summary>Gets or sets the bearer token of the admin API (<c>/api/v1/*</c>).</summary>
    /// <value>Default <see langword="null"/>: the admin API answers 403 to everyone.</value>
    public string? AdminToken { get; set; }

    /// <summary>Gets or sets the largest request body accepted by the JSON endpoints, in bytes; a larger one is answered 413.</summary>
    /// <value>Default 4 MiB (<see cref="DefaultMaxRequestBodySize"/>).</value>
    public long MaxRequestBodySize { get; set; } = DefaultMaxRequestBodySize;

    /// <summary>Gets or sets the model name that selects the tier router (the default <c>IChatClient</c> registered by <c>AddTierRouter</c>).</summary>
    /// <value>Default <c>benny-router</c>. The name is listed by <c>/v1/models</c> only when a router is registered.</value>
    public string RouterModelName { get; set; } = "benny-router";

    /// <summary>
    /// Gets the exception mappers tried, in order, before the built-in ones: each returns the <see cref="OpenAiError"/> an
    /// exception becomes, or <see langword="null"/> to pass. Engines with their own error types can map them here. Code only (not bound).
    /// </summary>
    public IList<Func<Exception, OpenAiError?>> ErrorMappers { get; } = [];
}
