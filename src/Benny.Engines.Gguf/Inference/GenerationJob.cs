using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Inference;

/// <summary>A request queued for the decode loop.</summary>
/// <param name="Messages">The chat messages (rendered on the decode thread).</param>
/// <param name="Request">The mapped generation settings.</param>
/// <param name="Output">Receives the events; completed (possibly with an exception) when the request ends.</param>
/// <param name="Cancellation">Cancels the request.</param>
internal sealed record GenerationJob(
    IReadOnlyList<ChatMessage> Messages,
    GenerationRequest Request,
    ChannelWriter<GenerationEvent> Output,
    CancellationToken Cancellation);
