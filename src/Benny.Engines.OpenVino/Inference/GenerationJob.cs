using System.Threading.Channels;
using Benny.Engines.OpenVino.Native;

namespace Benny.Engines.OpenVino.Inference;

/// <summary>One queued request: what to generate, where its events go, and what stops it.</summary>
/// <param name="Request">The chat history and generation settings.</param>
/// <param name="Output">Receives the text pieces and the result; completed (with an exception on failure or cancellation) when the request ends.</param>
/// <param name="Cancellation">Cancels the request; the streamer callback then answers <see cref="GenAiStreamingStatus.Cancel"/>.</param>
internal sealed record GenerationJob(GenAiRequest Request, ChannelWriter<GenerationEvent> Output, CancellationToken Cancellation);
