using System.Text;
using LLama;
using LLama.Batched;
using LLama.Native;
using LLama.Sampling;

namespace Benny.Benchmarks.Peers;

/// <summary>
/// LLamaSharp through its batched API (<see cref="BatchedExecutor"/>, one <see cref="Conversation"/> per prompt): each
/// step is one <see cref="BatchedExecutor.Infer"/> for every running conversation, then each samples with a
/// <see cref="GreedySamplingPipeline"/>, detokenizes with a <see cref="StreamingTokenDecoder"/> and is prompted with
/// its token. The lowest-level LLamaSharp path short of its raw native API.
/// </summary>
internal sealed class LLamaSharpBatchedEngine : IPeerEngine
{
    private readonly LLamaWeights _weights;
    private readonly BatchedExecutor _executor;

    private LLamaSharpBatchedEngine(LLamaWeights weights, BatchedExecutor executor)
    {
        _weights = weights;
        _executor = executor;
    }

    /// <inheritdoc />
    public string Name => "LLamaSharp BatchedExecutor";

    /// <summary>Loads <paramref name="path"/> with LLamaSharp's CPU natives, with <paramref name="sequences"/> sequences.</summary>
    public static LLamaSharpBatchedEngine Load(string path, int threads, int sequences)
    {
        LLamaSharpNatives.Configure();
        var parameters = LLamaSharpParameters.For(path, threads, sequences);
        LLamaWeights weights = LLamaWeights.LoadFromFile(parameters);
        return new LLamaSharpBatchedEngine(weights, new BatchedExecutor(weights, parameters));
    }

    /// <inheritdoc />
    public async Task<Generation[]> GenerateAsync(IReadOnlyList<string> prompts, int maxTokens)
    {
        var streams = new Stream[prompts.Count];
        try
        {
            for (int i = 0; i < streams.Length; i++)
            {
                Conversation conversation = _executor.Create();
                conversation.Prompt(prompts[i], addBos: true, special: true);
                streams[i] = new Stream(conversation, new GreedySamplingPipeline(), new StreamingTokenDecoder(_executor.Context), conversation.TokenCount);
            }

            while (streams.Any(s => !s.Done))
            {
                DecodeResult result = await _executor.Infer();
                if (result != DecodeResult.Ok)
                {
                    throw new InvalidOperationException($"BatchedExecutor.Infer returned {result}.");
                }

                foreach (Stream stream in streams)
                {
                    if (stream.Done)
                    {
                        continue;
                    }

                    LLamaToken token = stream.Conversation.Sample(stream.Sampler);
                    if (token.IsEndOfGeneration(_weights.Vocab))
                    {
                        stream.Finish();
                        continue;
                    }

                    stream.OutputTokens++;
                    stream.Decoder.Add(token);
                    stream.Text.Append(stream.Decoder.Read());
                    if (stream.OutputTokens >= maxTokens)
                    {
                        stream.Finish();
                        continue;
                    }

                    stream.Conversation.Prompt(token);
                }
            }

            return [.. streams.Select(s => new Generation(s.Text.ToString(), s.PromptTokens, s.OutputTokens))];
        }
        finally
        {
            foreach (Stream? stream in streams)
            {
                stream?.Finish();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _executor.Dispose();
        _weights.Dispose();
    }

    /// <summary>One prompt's conversation and output.</summary>
    private sealed class Stream(Conversation conversation, GreedySamplingPipeline sampler, StreamingTokenDecoder decoder, int promptTokens)
    {
        public Conversation Conversation { get; } = conversation;

        public GreedySamplingPipeline Sampler { get; } = sampler;

        public StreamingTokenDecoder Decoder { get; } = decoder;

        public int PromptTokens { get; } = promptTokens;

        public StringBuilder Text { get; } = new();

        public int OutputTokens { get; set; }

        public bool Done { get; private set; }

        /// <summary>Ends the stream: frees its sequence in the KV cache and its sampler.</summary>
        public void Finish()
        {
            if (!Done)
            {
                Done = true;
                Conversation.Dispose();
                Sampler.Dispose();
            }
        }
    }
}
