using Benny.Server.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benny.Server.Embeddings;

/// <summary>Serves <c>POST /v1/embeddings</c>: parse, resolve the model's keyed embedding generator, answer as JSON.</summary>
internal sealed partial class EmbeddingsHandler(ServerModelCatalog catalog, IOptions<BennyServerOptions> options, ILogger<EmbeddingsHandler> logger)
{
    private readonly BennyServerOptions _options = options.Value;

    public Task HandleAsync(HttpContext context) => OpenAiRequestScope.RunAsync(
        context,
        _options,
        async (body, aborted) =>
        {
            EmbeddingsRequest request = EmbeddingsRequestParser.Parse(body);
            (IEmbeddingGenerator<string, Embedding<float>> generator, string model) = catalog.ResolveEmbeddings(request.Model);
            EmbeddingGenerationOptions? generation = request.Dimensions is { } dimensions ? new EmbeddingGenerationOptions { Dimensions = dimensions } : null;
            GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(request.Inputs, generation, aborted).ConfigureAwait(false);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(EmbeddingsWriter.Response(embeddings, model, request.Base64), aborted).ConfigureAwait(false);
        },
        () => LogClientDisconnected(logger),
        (ex, error) => LogRequestFailed(logger, ex, error.StatusCode, error.Code));

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "The client disconnected; the embeddings request was cancelled.")]
    private static partial void LogClientDisconnected(ILogger logger);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Embeddings request failed with status {StatusCode} ({Code}).")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, int statusCode, string? code);
}
