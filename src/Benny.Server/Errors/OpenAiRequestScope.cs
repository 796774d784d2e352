using Microsoft.AspNetCore.Http;

namespace Benny.Server.Errors;

/// <summary>
/// Runs an OpenAI endpoint's work so that every failure before the response starts is answered in OpenAI's error shape
/// (status, type, code from <see cref="OpenAiErrorMapper"/>), and a client that disconnects is not an error.
/// </summary>
internal static class OpenAiRequestScope
{
    /// <param name="context">The request.</param>
    /// <param name="options">The server options (the error mapper reads them).</param>
    /// <param name="handle">The endpoint's work; it is given the request's body, already read within the size limit.</param>
    /// <param name="disconnected">Called when the client went away (the request was aborted).</param>
    /// <param name="failed">Called with each failure and the error it is answered with, before the answer is written.</param>
    public static async Task RunAsync(
        HttpContext context,
        BennyServerOptions options,
        Func<ReadOnlyMemory<byte>, CancellationToken, Task> handle,
        Action disconnected,
        Action<Exception, OpenAiError> failed)
    {
        CancellationToken aborted = context.RequestAborted;
        try
        {
            ReadOnlyMemory<byte> body = await RequestBodyReader.ReadAsync(context, options.MaxRequestBodySize).ConfigureAwait(false);
            await handle(body, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            disconnected();
        }
#pragma warning disable CA1031 // Every failure becomes an OpenAI-shaped error response.
        catch (Exception ex) when (!context.Response.HasStarted)
#pragma warning restore CA1031
        {
            OpenAiError error = OpenAiErrorMapper.Map(ex, options);
            failed(ex, error);
            await OpenAiErrorWriter.WriteAsync(context, error).ConfigureAwait(false);
        }
    }
}
