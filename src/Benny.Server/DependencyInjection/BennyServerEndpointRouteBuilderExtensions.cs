using Benny.Runtime.Registry;
using Benny.Server;
using Benny.Server.Admin;
using Benny.Server.Chat;
using Benny.Server.Embeddings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Maps Benny's OpenAI-compatible endpoints.</summary>
public static class BennyServerEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /v1/chat/completions</c>, <c>POST /v1/embeddings</c> (models whose entries set <c>"Embeddings": true</c>), <c>GET /v1/models</c>, <c>GET /health</c>, <c>GET /info</c> and the admin
    /// <c>GET /api/v1/models</c> and <c>POST /api/v1/models/provision</c> (see docs/operations.md). Needs <see cref="BennyServerServiceCollectionExtensions.AddBennyServer"/>
    /// and <c>AddBenny(...)</c>.
    /// </summary>
    /// <param name="endpoints">The application (or any endpoint route builder).</param>
    /// <returns>The group holding every endpoint, to add conventions to all of them (rate limiting, CORS, authorization).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddBennyServer()</c> or <c>AddBenny(...)</c> was not called.</exception>
    public static RouteGroupBuilder MapBennyOpenAi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService(typeof(ChatCompletionHandler)) is null)
        {
            throw new InvalidOperationException("MapBennyOpenAi needs the server's services: call builder.Services.AddBennyServer() (and AddBenny(...) with an engine).");
        }

        if (endpoints.ServiceProvider.GetService(typeof(ModelRegistry)) is null)
        {
            throw new InvalidOperationException("MapBennyOpenAi needs Benny: call builder.Services.AddBenny(builder.Configuration.GetSection(\"Benny\")) with an engine (for example .AddGgufEngine()).");
        }

        RouteGroupBuilder group = endpoints.MapGroup("");
        group.MapPost("/v1/chat/completions", static (HttpContext context, ChatCompletionHandler handler) => handler.HandleAsync(context));
        group.MapPost("/v1/embeddings", static (HttpContext context, EmbeddingsHandler handler) => handler.HandleAsync(context));
        group.MapGet("/v1/models", static (HttpContext context, ServerEndpoints handler) => handler.ModelsAsync(context));
        group.MapGet("/health", static (HttpContext context, ServerEndpoints handler) => handler.HealthAsync(context));
        group.MapGet("/info", static (HttpContext context, ServerEndpoints handler) => handler.InfoAsync(context));
        RouteGroupBuilder admin = group.MapBennyAdminApi();
        admin.MapGet("/models", static (HttpContext context, AdminModelsHandler handler) => handler.HandleAsync(context));
        admin.MapPost("/models/provision", static (HttpContext context, AdminProvisionHandler handler) => handler.HandleAsync(context));
        return group;
    }

    /// <summary>
    /// Gets a route group under <c>/api/v1</c> guarded by the admin bearer token (<see cref="AdminTokenFilter"/>: 401 without
    /// the token, 403 while <c>Benny:Server:AdminToken</c> is unset). The extension point for admin endpoints that live in
    /// other packages: <c>app.MapBennyAdminApi().MapPost("/models/refresh", ...)</c>.
    /// </summary>
    /// <param name="endpoints">The application (or any endpoint route builder).</param>
    /// <returns>The guarded group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    public static RouteGroupBuilder MapBennyAdminApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        RouteGroupBuilder group = endpoints.MapGroup("/api/v1");
        group.AddEndpointFilter<AdminTokenFilter>();
        return group;
    }
}
