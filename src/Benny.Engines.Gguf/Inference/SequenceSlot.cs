using System.Diagnostics;
using System.Threading.Channels;
using Benny.Engines.Gguf.Native;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// One request's state in a context: its sequence id, sampler chain, position, detokenizer and stop-sequence
/// matcher. The decode loop advances slots; continuous batching can advance several per decode call.
/// </summary>
internal sealed class SequenceSlot : IDisposable
{
    private readonly Utf8PieceDecoder _decoder = new();
    private readonly List<byte> _piece = new(16);
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _firstTokenAt;

    public SequenceSlot(int sequenceId, GenerationJob job, SamplerChain sampler, int[] promptTokens)
    {
        SequenceId = sequenceId;
        Job = job;
        Sampler = sampler;
        PromptTokens = promptTokens;
        Stops = new StopSequenceMatcher(job.Request.StopSequences);
    }

    public int SequenceId { get; }

    public GenerationJob Job { get; }

    public SamplerChain Sampler { get; }

    public int[] PromptTokens { get; }

    public StopSequenceMatcher Stops { get; }

    /// <summary>Gets or sets the next position in the sequence.</summary>
    public int Position { get; set; }

    /// <summary>Gets or sets how many tokens were generated.</summary>
    public int OutputTokens { get; set; }

    public ChannelWriter<GenerationEvent> Output => Job.Output;

    /// <summary>Marks the end of prompt processing (for the time-to-first-token figure).</summary>
    public void PromptDone() => _firstTokenAt = Stopwatch.GetTimestamp();

    /// <summary>Detokenizes <paramref name="token"/> and emits what is safe to emit; returns whether a stop sequence ended the output.</summary>
    public bool Emit(nint vocab, int token)
    {
        _piece.Clear();
        Interop.TokenToPiece(vocab, token, renderSpecial: Job.Request.RenderSpecialTokens, _piece);
        string text = Stops.Append(_decoder.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_piece)));
        if (text.Length > 0)
        {
            Output.TryWrite(new GenerationEvent.Text(text));
        }

        return Stops.Stopped;
    }

    /// <summary>Emits held-back text and the completion event.</summary>
    public void Complete(ChatFinishReason reason)
    {
        string rest = Stops.Stopped ? "" : Stops.Append(_decoder.Flush()) + Stops.Flush();
        if (rest.Length > 0)
        {
            Output.TryWrite(new GenerationEvent.Text(rest));
        }

        long end = Stopwatch.GetTimestamp();
        long firstToken = _firstTokenAt == 0 ? end : _firstTokenAt;
        Output.TryWrite(new GenerationEvent.Completed(
            reason,
            PromptTokens.Length,
            OutputTokens,
            Stopwatch.GetElapsedTime(_started, firstToken).TotalMilliseconds,
            Stopwatch.GetElapsedTime(firstToken, end).TotalMilliseconds));
        Output.TryComplete();
    }

    public void Dispose() => Sampler.Dispose();
}
