using System.Text;
using Benny.Engines.Gguf.Inference;
using Benny.Engines.Gguf.Native;
using Benny.Engines.Gguf.Tests.Support;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Tests;

/// <summary>The engine on a real trained model (stories260K, no chat template) against a raw native decode loop.</summary>
public class GgufChatClientStoriesTests
{
    private const string Prompt = "Once upon a time";
    private const int Tokens = 64;
    private static readonly GgufEngineOptions CpuOptions = new() { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 256 };

    [Test]
    public async Task GetResponseAsync_Greedy_EqualsARawNativeDecodeLoop()
    {
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, CpuOptions);

        ChatResponse response = await client.GetResponseAsync(Prompt, new ChatOptions { Temperature = 0, MaxOutputTokens = Tokens });

        string expected = RawGreedyContinuation(TestPaths.Stories260K, Prompt, Tokens);
        Assert.That(response.Text, Is.EqualTo(expected));
        Assert.That(response.Text, Does.StartWith(", there was a little girl named Lily"), "the model README's reference continuation");
        Assert.That(response.FinishReason, Is.EqualTo(ChatFinishReason.Length));
        Assert.That(response.Usage?.OutputTokenCount, Is.EqualTo(Tokens));
        Assert.That(response.Usage?.InputTokenCount, Is.EqualTo(5), "BOS + 4 prompt tokens");
    }

    [Test]
    public async Task Greedy_IsIdenticalAcrossRunsAndBetweenStreamingAndNonStreaming()
    {
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, CpuOptions);
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = Tokens };

        string first = (await client.GetResponseAsync(Prompt, options)).Text;
        string second = (await client.GetResponseAsync(Prompt, options)).Text;
        var streamed = new StringBuilder();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Prompt, options))
        {
            streamed.Append(update.Text);
        }

        Assert.That(second, Is.EqualTo(first));
        Assert.That(streamed.ToString(), Is.EqualTo(first));
    }

    /// <summary>The reference: tokenize, decode, take the arg-max of the logits, detokenize; no sampler, no engine code.</summary>
    private static unsafe string RawGreedyContinuation(string modelPath, string prompt, int count)
    {
        LlamaNativeLibrary.EnsureLoaded(null, null);
        LlamaModelParams modelParams = Interop.ModelDefaultParams();
        modelParams.NGpuLayers = 0;
        using SafeLlamaModelHandle model = Interop.ModelLoadFromFile(modelPath, modelParams);
        nint vocab = Interop.ModelGetVocab(model);
        int vocabSize = Interop.VocabTokenCount(vocab);
        LlamaContextParams contextParams = Interop.ContextDefaultParams();
        contextParams.NCtx = 256;
        contextParams.NBatch = 256;
        contextParams.NUbatch = 256;
        contextParams.NThreads = 1;
        contextParams.NThreadsBatch = 1;
        using SafeLlamaContextHandle context = Interop.ContextInit(model, contextParams);
        LlamaBatch batch = Interop.BatchInit(256, 1);
        try
        {
            int[] tokens = Interop.Tokenize(vocab, Encoding.UTF8.GetBytes(prompt), addSpecial: true, parseSpecial: false);
            var bytes = new List<byte>();
            int position = 0;
            for (int step = 0; step < count; step++)
            {
                batch.NTokens = tokens.Length;
                for (int i = 0; i < tokens.Length; i++)
                {
                    batch.Token[i] = tokens[i];
                    batch.Pos[i] = position + i;
                    batch.NSeqId[i] = 1;
                    batch.SeqId[i][0] = 0;
                    batch.Logits[i] = (sbyte)(i == tokens.Length - 1 ? 1 : 0);
                }

                Assert.That(Interop.Decode(context, batch), Is.Zero);
                position += tokens.Length;
                float* logits = Interop.Logits(context, -1);
                int best = 0;
                for (int t = 1; t < vocabSize; t++)
                {
                    if (logits[t] > logits[best])
                    {
                        best = t;
                    }
                }

                Interop.TokenToPiece(vocab, best, renderSpecial: false, bytes);
                tokens = [best];
            }

            return Encoding.UTF8.GetString([.. bytes]);
        }
        finally
        {
            Interop.BatchFree(batch);
        }
    }
}
