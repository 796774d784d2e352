using Microsoft.Extensions.AI;

namespace Benny.Server.Chat;

/// <summary>A parsed <c>POST /v1/chat/completions</c> body.</summary>
/// <param name="Model">The requested model: a registry name, an alias, or the router's name.</param>
/// <param name="Messages">The conversation.</param>
/// <param name="Options">The generation options the request set (unset ones stay <see langword="null"/>).</param>
/// <param name="Stream">Whether the answer streams as server-sent events.</param>
/// <param name="IncludeUsage">Whether a streamed answer ends with a usage chunk (<c>stream_options.include_usage</c>).</param>
internal sealed record ChatCompletionRequest(string Model, IList<ChatMessage> Messages, ChatOptions Options, bool Stream, bool IncludeUsage);
