using System.Diagnostics;
using System.Threading.Channels;
using Benny.Engines.Gguf.Native;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// One running request's state in a <see cref="SequenceSlot"/>: its sampler chain, prompt, the part of the prompt
/// still to decode, the token waiting to be decoded, detokenizer, stop-sequence matcher and timings. The decode loop
/// advances every active request by one batch per <c>llama_decode</c>.
/// </summary>
internal sealed class ActiveRequest : IDisposable
{
    private readonly Utf8PieceDecoder _decoder = new();
    private readonly List<byte> _piece = new(16);
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _promptDoneAt;

    public ActiveRequest(GenerationJob job, SamplerChain sampler, int[] promptTokens, int cachedTokens, int limit)
    {
        Job = job;
        Sampler = sampler;
        PromptTokens = promptTokens;
        CachedTokens = cachedTokens;
        PromptDecoded = cachedTokens;
        Limit = limit;
        Stops = new StopSequenceMatcher(job.Request.StopSequences);
    }

    public GenerationJob Job { get; }

    public SamplerChain Sampler { get; }

    public int[] PromptTokens { get; }

    /// <summary>Gets how many prompt tokens were already in the KV cache (prefix reuse) and were not decoded again.</summary>
    public int CachedTokens { get; }

    /// <summary>Gets the most tokens to generate (the request's <c>MaxOutputTokens</c>, at most what the context leaves).</summary>
    public int Limit { get; }

    /// <summary>Gets the KV cells this request may need at most: its prompt and <see cref="Limit"/> output tokens.</summary>
    public int Reserved => PromptTokens.Length + Limit;

    /// <summary>Gets or sets how many prompt tokens are in the KV cache.</summary>
    public int PromptDecoded { get; set; }

    /// <summary>Gets whether the whole prompt is decoded (the request is generating).</summary>
    public bool Generating => PromptDecoded == PromptTokens.Length;

    /// <summary>Gets or sets the sampled token still to be decoded, or -1.</summary>
    public int Pending { get; set; } = -1;

    /// <summary>Gets or sets the row of this request's logits in the last batch, or -1 when it had none.</summary>
    public int OutputIndex { get; set; } = -1;

    /// <summary>Gets or sets how many tokens were generated.</summary>
    public int OutputTokens { get; set; }

    public StopSequenceMatcher Stops { get; }

    public ChannelWriter<GenerationEvent> Output => Job.Output;

    // The text of a buffered job (GenerationJob.Buffered), delivered by Complete.
    private System.Text.StringBuilder? _buffered;

    /// <summary>Marks the end of prompt processing (the first token is sampled next).</summary>
    public void PromptDone() => _promptDoneAt = Stopwatch.GetTimestamp();

    /// <summary>Detokenizes <paramref name="token"/> and emits what is safe to emit; returns whether a stop sequence ended the output.</summary>
    public bool Emit(nint vocab, int token)
    {
        _piece.Clear();
        Interop.TokenToPiece(vocab, token, renderSpecial: Job.Request.RenderSpecialTokens, _piece);
        string text = Stops.Append(_decoder.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_piece)));
        if (text.Length > 0 && !Job.Cancellation.IsCancellationRequested)
        {
            if (Job.Buffered)
            {
                (_buffered ??= new System.Text.StringBuilder()).Append(text);
            }
            else
            {
                Output.TryWrite(new GenerationEvent.Text(text));
            }
        }

        return Stops.Stopped;
    }

    /// <summary>Builds the completion event, after emitting held-back text.</summary>
    public GenerationEvent.Completed Complete(ChatFinishReason reason)
    {
        string rest = Stops.Stopped ? "" : Stops.Append(_decoder.Flush()) + Stops.Flush();
        if (_buffered is { Length: > 0 })
        {
            rest = _buffered.Append(rest).ToString();
            _buffered = null;
        }

        if (rest.Length > 0)
        {
            Output.TryWrite(new GenerationEvent.Text(rest));
        }

        long end = Stopwatch.GetTimestamp();
        long promptDone = _promptDoneAt == 0 ? end : _promptDoneAt;
        return new GenerationEvent.Completed(
            reason,
            PromptTokens.Length,
            OutputTokens,
            Stopwatch.GetElapsedTime(_started, promptDone).TotalMilliseconds,
            Stopwatch.GetElapsedTime(promptDone, end).TotalMilliseconds,
            CachedTokens,
            Stopwatch.GetElapsedTime(Job.EnqueuedAt, _started).TotalMilliseconds,
            Stopwatch.GetElapsedTime(Job.EnqueuedAt, promptDone).TotalMilliseconds);
    }

    public void Dispose() => Sampler.Dispose();
}
