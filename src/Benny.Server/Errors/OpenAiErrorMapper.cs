using Benny.Runtime.Hosting;
using Benny.Runtime.Registry;
using Benny.Runtime.Routing;

namespace Benny.Server.Errors;

/// <summary>Turns exceptions into OpenAI-shaped errors: the configured mappers first, then the built-in rules.</summary>
/// <remarks>
/// Built-in rules: <see cref="OpenAiRequestException"/> as it says; <see cref="UnknownModelException"/> 404
/// <c>model_not_found</c>; an exception whose type name ends in <c>QueueFullException</c> (the GGUF engine's
/// <c>GgufQueueFullException</c>, matched by name so the server does not depend on an engine) 429 <c>queue_full</c>;
/// <see cref="ModelLoadException"/> 503 <c>model_unavailable</c>; <see cref="ArgumentException"/> and
/// <see cref="NotSupportedException"/> (bad or unsupported values an engine rejects) 400; <see cref="TierRoutingException"/>
/// as its last inner error; anything else 500.
/// </remarks>
internal static class OpenAiErrorMapper
{
    public static OpenAiError Map(Exception exception, BennyServerOptions options)
    {
        foreach (Func<Exception, OpenAiError?> mapper in options.ErrorMappers)
        {
            if (mapper(exception) is { } mapped)
            {
                return mapped;
            }
        }

        return exception switch
        {
            OpenAiRequestException request => request.Error,
            UnknownModelException unknown => new OpenAiError(404, $"The model '{unknown.ModelName}' does not exist. GET /v1/models lists the models this server serves.", "invalid_request_error", "model", "model_not_found"),
            _ when exception.GetType().Name.EndsWith("QueueFullException", StringComparison.Ordinal)
                => new OpenAiError(429, exception.Message, "rate_limit_error", null, "queue_full"),
            ModelLoadException load => new OpenAiError(503, load.Message, "server_error", "model", "model_unavailable"),
            TierRoutingException { InnerException: { } inner } => Map(inner, options),
            ArgumentException argument => OpenAiError.BadRequest(argument.Message, argument.ParamName),
            NotSupportedException notSupported => OpenAiError.BadRequest(notSupported.Message),
            _ => new OpenAiError(500, $"The server failed to answer: {exception.GetType().Name}: {exception.Message}", "server_error"),
        };
    }
}
