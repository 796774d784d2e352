namespace Benny.Server.Errors;

/// <summary>An error in OpenAI's shape, <c>{"error": {"message", "type", "param", "code"}}</c>, with its HTTP status.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="Message">What went wrong and what to do.</param>
/// <param name="Type">OpenAI's error type: <c>invalid_request_error</c>, <c>authentication_error</c>, <c>permission_error</c>, <c>rate_limit_error</c>, <c>server_error</c>, ...</param>
/// <param name="Param">The request field at fault, if any (<c>temperature</c>, <c>messages[2].role</c>).</param>
/// <param name="Code">A machine-readable code, if any (<c>model_not_found</c>, <c>queue_full</c>).</param>
public sealed record OpenAiError(int StatusCode, string Message, string Type, string? Param = null, string? Code = null)
{
    /// <summary>Creates a 400 <c>invalid_request_error</c>.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="param">The field at fault.</param>
    /// <param name="code">A code, if any.</param>
    /// <returns>The error.</returns>
    public static OpenAiError BadRequest(string message, string? param = null, string? code = null)
        => new(400, message, "invalid_request_error", param, code);
}
