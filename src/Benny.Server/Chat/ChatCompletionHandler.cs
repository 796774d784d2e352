using Benny.Server.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Benny.Server.Chat;

/// <summary>Serves <c>POST /v1/chat/completions</c>: parse, resolve the model, answer as JSON or as server-sent events.</summary>
internal sealed partial class ChatCompletionHandler(ServerModelCatalog catalog, IOptions<BennyServerOptions> options, ILogger<ChatCompletionHandler> logger)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    private readonly BennyServerOptions _options = options.Value;

    public Task HandleAsync(HttpContext context) => OpenAiRequestScope.RunAsync(
        context,
        _options,
        async (body, aborted) =>
        {
            ChatCompletionRequest request = ChatCompletionRequestParser.Parse(body);
            (IChatClient client, string model) = catalog.Resolve(request.Model);
            request.Options.ModelId = null; // the pipeline knows its model; a registry name is not an engine model id
            string id = "chatcmpl-" + Guid.NewGuid().ToString("N");
            long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

            if (request.Stream)
            {
                await StreamAsync(context, client, request, id, model, created).ConfigureAwait(false);
                return;
            }

            ChatResponse response = await client.GetResponseAsync(request.Messages, request.Options, aborted).ConfigureAwait(false);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(ChatCompletionWriter.Completion(response, id, model, created), aborted).ConfigureAwait(false);
        },
        () => LogClientDisconnected(logger),
        (ex, error) => LogRequestFailed(logger, ex, error.StatusCode, error.Code));

    private async Task StreamAsync(HttpContext context, IChatClient client, ChatCompletionRequest request, string id, string model, long created)
    {
        CancellationToken aborted = context.RequestAborted;
        await using IAsyncEnumerator<ChatResponseUpdate> updates = client.GetStreamingResponseAsync(request.Messages, request.Options, aborted).GetAsyncEnumerator(aborted);

        // The first update comes before the headers, so a request that fails to start (unknown model, queue full, model
        // that cannot load) is answered with its proper status, not a 200 stream.
        bool any = await updates.MoveNextAsync().ConfigureAwait(false);

        HttpResponse response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        await WriteEventAsync(response, ChatCompletionWriter.Chunk(id, model, created, role: true, text: "", [], 0, null), aborted).ConfigureAwait(false);
        UsageDetails? usage = null;
        ChatFinishReason? finish = null;
        int toolIndex = 0;
        try
        {
            while (any)
            {
                ChatResponseUpdate update = updates.Current;
                finish = update.FinishReason ?? finish;
                string text = update.Text;
                List<FunctionCallContent> calls = update.Contents.OfType<FunctionCallContent>().ToList();
                foreach (UsageContent content in update.Contents.OfType<UsageContent>())
                {
                    usage = content.Details;
                }

                if (text.Length > 0 || calls.Count > 0)
                {
                    await WriteEventAsync(response, ChatCompletionWriter.Chunk(id, model, created, role: false, text.Length > 0 ? text : null, calls, toolIndex, null), aborted).ConfigureAwait(false);
                    toolIndex += calls.Count;
                }

                any = await updates.MoveNextAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !aborted.IsCancellationRequested)
        {
            // Headers are sent: report the error as an event, as OpenAI does, and end the stream.
            OpenAiError error = OpenAiErrorMapper.Map(ex, _options);
            LogRequestFailed(logger, ex, error.StatusCode, error.Code);
            await WriteEventAsync(response, OpenAiErrorWriter.ToJson(error), aborted).ConfigureAwait(false);
            return;
        }

        await WriteEventAsync(response, ChatCompletionWriter.Chunk(id, model, created, role: false, text: null, [], 0, ChatCompletionWriter.FinishReason(finish, toolIndex > 0)), aborted).ConfigureAwait(false);
        if (request.IncludeUsage)
        {
            await WriteEventAsync(response, ChatCompletionWriter.UsageChunk(id, model, created, usage), aborted).ConfigureAwait(false);
        }

        await response.Body.WriteAsync(Done, aborted).ConfigureAwait(false);
        await response.Body.FlushAsync(aborted).ConfigureAwait(false);
    }

    private static async Task WriteEventAsync(HttpResponse response, byte[] json, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(DataPrefix, cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync(json, cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync(EventEnd, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "The client disconnected; the chat completion was cancelled.")]
    private static partial void LogClientDisconnected(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Chat completion failed with status {StatusCode} ({Code}).")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, int statusCode, string? code);
}
