using System.Buffers;
using Benny.Server.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Benny.Server;

/// <summary>Reads a request body up to the configured limit; a larger one is a 413 in OpenAI's error shape.</summary>
internal static class RequestBodyReader
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength is { } length && length > limit)
        {
            throw TooLarge(limit);
        }

        // Our own limit governs; lift the server's so a body between the two is answered in OpenAI's shape, not by Kestrel.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature && (feature.MaxRequestBodySize is null || feature.MaxRequestBodySize < limit + 1))
        {
            feature.MaxRequestBodySize = limit + 1;
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            Memory<byte> memory = buffer.GetMemory(8192);
            int read = await context.Request.Body.ReadAsync(memory, context.RequestAborted).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                throw TooLarge(limit);
            }
        }
    }

    private static OpenAiRequestException TooLarge(long limit)
        => new(new OpenAiError(413, $"The request body is larger than the server's limit of {limit} bytes (Benny:Server:MaxRequestBodySize).", "invalid_request_error", null, "request_too_large"));
}
