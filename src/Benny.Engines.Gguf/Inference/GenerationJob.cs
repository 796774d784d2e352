using System.Diagnostics;
using System.Threading.Channels;

namespace Benny.Engines.Gguf.Inference;

/// <summary>A request queued for the decode loop.</summary>
/// <param name="Prompt">The rendered prompt (rendered on the caller's thread).</param>
/// <param name="Request">The mapped generation settings.</param>
/// <param name="Output">Receives the events; completed (possibly with an exception) when the request ends.</param>
/// <param name="Cancellation">Cancels the request.</param>
internal sealed record GenerationJob(
    RenderedPrompt Prompt,
    GenerationRequest Request,
    ChannelWriter<GenerationEvent> Output,
    CancellationToken Cancellation)
{
    /// <summary>Gets when the request was queued (a <see cref="Stopwatch"/> timestamp).</summary>
    public long EnqueuedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>
    /// Gets whether the text is delivered once, at the end, instead of token by token: a caller that waits for the
    /// whole answer (<c>GetResponseAsync</c>) then is not woken for every token, which on a machine with as many
    /// llama.cpp threads as cores competes with them.
    /// </summary>
    public bool Buffered { get; init; }
}
