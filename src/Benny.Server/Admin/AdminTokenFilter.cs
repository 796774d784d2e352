using System.Security.Cryptography;
using System.Text;
using Benny.Server.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Benny.Server.Admin;

/// <summary>
/// Guards the admin API with the bearer token of <see cref="BennyServerOptions.AdminToken"/>: 403 while no token is set,
/// 401 without the right <c>Authorization: Bearer</c> header. Tokens are compared in constant time (SHA-256 of both, then
/// <see cref="CryptographicOperations.FixedTimeEquals"/>, so neither content nor length leaks through timing).
/// </summary>
public sealed class AdminTokenFilter : IEndpointFilter
{
    private readonly IOptionsMonitor<BennyServerOptions> _options;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The server options; the token is read per request, so a reloaded configuration applies.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public AdminTokenFilter(IOptionsMonitor<BennyServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        string? expected = _options.CurrentValue.AdminToken;
        if (string.IsNullOrEmpty(expected))
        {
            await OpenAiErrorWriter.WriteAsync(context.HttpContext, new OpenAiError(403, "The admin API is disabled: set Benny:Server:AdminToken to enable it.", "permission_error", null, "admin_disabled")).ConfigureAwait(false);
            return Results.Empty;
        }

        string header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        string given = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : "";
        if (!Matches(given, expected))
        {
            await OpenAiErrorWriter.WriteAsync(context.HttpContext, new OpenAiError(401, "The admin API needs the header 'Authorization: Bearer <Benny:Server:AdminToken>'.", "authentication_error", null, "invalid_admin_token")).ConfigureAwait(false);
            return Results.Empty;
        }

        return await next(context).ConfigureAwait(false);
    }

    private static bool Matches(string given, string expected)
    {
        byte[] a = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        byte[] b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(a, b) && given.Length > 0;
    }
}
