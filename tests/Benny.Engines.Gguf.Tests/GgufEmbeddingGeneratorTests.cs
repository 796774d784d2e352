using System.Text;
using Benny.Engines.Gguf.Format;
using Benny.Engines.Gguf.Inference;
using Benny.Engines.Gguf.Native;
using Benny.Engines.Gguf.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

namespace Benny.Engines.Gguf.Tests;

/// <summary><see cref="GgufEmbeddingGenerator"/> on the real stories260K model (mean pooling: the model names none).</summary>
public class GgufEmbeddingGeneratorTests
{
    private static readonly string[] Texts = ["Once upon a time", "The cat sat on the mat.", "Lily went to the park with her mom and saw a big dog."];

    private LlamaModel _model = null!;
    private GgufEmbeddingGenerator _generator = null!;

    [OneTimeSetUp]
    public void Load()
    {
        GgufNativeDiagnostics natives = LlamaNativeLibrary.EnsureLoaded(null, null, GgufBackend.Cpu);
        _model = LlamaModel.Load(TestPaths.Stories260K, BackendPlan.Choose(GgufBackend.Cpu, null, 0, natives.Devices), null, CancellationToken.None);
        _generator = GgufEmbeddingGenerator.Create(_model, new GgufEmbeddingOptions { Threads = 1, ContextSize = 128 }, ownsModel: false);
    }

    [OneTimeTearDown]
    public void Unload()
    {
        _generator.Dispose();
        _model.Dispose();
    }

    [Test]
    public void Pooling_ModelNamesNone_IsMean() => Assert.That(_generator.Pooling, Is.EqualTo(GgufPoolingType.Mean));

    [TestCase(GgufPoolingType.Cls)]
    [TestCase(GgufPoolingType.Last)]
    [TestCase(GgufPoolingType.Mean)]
    public async Task Pooling_FromTheModelsMetadata_UnlessTheOptionSaysOtherwise(GgufPoolingType pooling)
    {
        string path = Path.Combine(Path.GetTempPath(), $"benny-pooling-{pooling}-{Guid.NewGuid():N}.gguf");
        new SyntheticModelBuilder(new SyntheticModelOptions { EmbeddingLength = 32, BlockCount = 1, HeadCount = 2, KvHeadCount = 1, FeedForwardLength = 64, Pooling = pooling }).Build(path);
        try
        {
            GgufNativeDiagnostics natives = LlamaNativeLibrary.EnsureLoaded(null, null, GgufBackend.Cpu);
            using LlamaModel model = LlamaModel.Load(path, BackendPlan.Choose(GgufBackend.Cpu, null, 0, natives.Devices), null, CancellationToken.None);
            using GgufEmbeddingGenerator fromMetadata = GgufEmbeddingGenerator.Create(model, new GgufEmbeddingOptions { Threads = 1, ContextSize = 64 }, ownsModel: false);
            GgufPoolingType other = pooling == GgufPoolingType.Cls ? GgufPoolingType.Last : GgufPoolingType.Cls;
            using GgufEmbeddingGenerator overridden = GgufEmbeddingGenerator.Create(model, new GgufEmbeddingOptions { Threads = 1, ContextSize = 64, Pooling = other }, ownsModel: false);

            Embedding<float> a = (await fromMetadata.GenerateAsync(["hello there, world"]))[0];
            Embedding<float> b = (await overridden.GenerateAsync(["hello there, world"]))[0];

            Assert.Multiple(() =>
            {
                Assert.That(fromMetadata.Pooling, Is.EqualTo(pooling));
                Assert.That(overridden.Pooling, Is.EqualTo(other));
                Assert.That(Cosine(a.Vector, b.Vector), Is.LessThan(0.9999), "two poolings of a several-token input give different vectors");
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task GenerateAsync_EqualTexts_GiveEqualVectors()
    {
        GeneratedEmbeddings<Embedding<float>> result = await _generator.GenerateAsync([Texts[1], Texts[1]]);

        Assert.That(Cosine(result[0].Vector, result[1].Vector), Is.GreaterThan(0.99999));
        Assert.That(Cosine(result[0].Vector, (await _generator.GenerateAsync([Texts[0]]))[0].Vector), Is.LessThan(0.9999), "different texts differ");
    }

    [Test]
    public async Task GenerateAsync_Batch_EqualsOneByOne()
    {
        GeneratedEmbeddings<Embedding<float>> batch = await _generator.GenerateAsync(Texts);

        for (int i = 0; i < Texts.Length; i++)
        {
            Embedding<float> single = (await _generator.GenerateAsync([Texts[i]]))[0];
            Assert.That(Cosine(batch[i].Vector, single.Vector), Is.GreaterThan(0.99999), $"input {i}");
        }
    }

    [Test]
    public async Task GenerateAsync_Normalized_VectorsHaveUnitLengthAndTheModelsDimensions()
    {
        GeneratedEmbeddings<Embedding<float>> result = await _generator.GenerateAsync(Texts);

        Assert.That(result, Has.Count.EqualTo(3));
        foreach (Embedding<float> embedding in result)
        {
            Assert.That(embedding.Vector.Length, Is.EqualTo(_model.EmbeddingLength));
            Assert.That(Norm(embedding.Vector.Span), Is.EqualTo(1).Within(1e-5));
        }
    }

    [Test]
    public async Task GenerateAsync_Usage_CountsTheInputTokens()
    {
        int expected = Texts.Sum(t => Interop.Tokenize(_model.Vocab, Encoding.UTF8.GetBytes(t), addSpecial: true, parseSpecial: false).Length);

        GeneratedEmbeddings<Embedding<float>> result = await _generator.GenerateAsync(Texts);

        Assert.That(result.Usage?.InputTokenCount, Is.EqualTo(expected));
    }

    [Test]
    public async Task GenerateAsync_EqualsARawNativeLoop()
    {
        GeneratedEmbeddings<Embedding<float>> result = await _generator.GenerateAsync(Texts);

        for (int i = 0; i < Texts.Length; i++)
        {
            Assert.That(Cosine(result[i].Vector, RawEmbedding(Texts[i])), Is.GreaterThan(0.99999), $"input {i}");
        }
    }

    [Test]
    public void GenerateAsync_InputLongerThanTheContext_FailsNamingItsIndexAndLengths()
    {
        string longText = string.Concat(Enumerable.Repeat("once upon a time there was a cat ", 40));

        Assert.That(
            async () => await _generator.GenerateAsync(["short", longText]),
            Throws.ArgumentException.With.Message.Contains("Input 1 is").And.Message.Contains($"holds {_generator.ContextSize}"));
    }

    [Test]
    public async Task GenerateAsync_Truncate_CutsTheInputToTheContext()
    {
        string longText = string.Concat(Enumerable.Repeat("once upon a time there was a cat ", 40));
        using GgufEmbeddingGenerator truncating = GgufEmbeddingGenerator.Create(_model, new GgufEmbeddingOptions { Threads = 1, ContextSize = 128, Truncate = true }, ownsModel: false);

        GeneratedEmbeddings<Embedding<float>> result = await truncating.GenerateAsync([longText]);

        Assert.That(result.Usage?.InputTokenCount, Is.EqualTo(truncating.ContextSize));
    }

    [Test]
    public void GenerateAsync_CancelledToken_IsCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(async () => await _generator.GenerateAsync(Texts, cancellationToken: cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task GetService_Metadata_NamesTheProviderModelAndDimensions()
    {
        var metadata = _generator.GetService<EmbeddingGeneratorMetadata>()!;

        Assert.That((metadata.ProviderName, metadata.ProviderUri, metadata.DefaultModelDimensions), Is.EqualTo(("llama.cpp", (Uri?)null, (int?)_model.EmbeddingLength)));
        Assert.That(_generator.GetService(typeof(EmbeddingGeneratorMetadata), "key"), Is.Null);
        Assert.That((await _generator.GenerateAsync([Texts[0]]))[0].ModelId, Is.EqualTo(metadata.DefaultModelId));
    }

    [Test]
    public async Task Builder_OpenTelemetryAndDistributedCache_Compose()
    {
        var cache = new DictionaryDistributedCache();
        GgufEmbeddingGenerator inner = GgufEmbeddingGenerator.Create(_model, new GgufEmbeddingOptions { Threads = 1, ContextSize = 128 }, ownsModel: false);
        using IEmbeddingGenerator<string, Embedding<float>> pipeline = new EmbeddingGeneratorBuilder<string, Embedding<float>>(inner)
            .UseOpenTelemetry()
            .UseDistributedCache(cache)
            .Build();

        GeneratedEmbeddings<Embedding<float>> first = await pipeline.GenerateAsync(Texts);
        int cached = cache.Count;
        GeneratedEmbeddings<Embedding<float>> second = await pipeline.GenerateAsync(Texts);

        Assert.That(cached, Is.EqualTo(Texts.Length));
        for (int i = 0; i < Texts.Length; i++)
        {
            Assert.That(second[i].Vector.ToArray(), Is.EqualTo(first[i].Vector.ToArray()));
        }
    }

    /// <summary>The test's own native loop: one sequence, mean pooling, llama_get_embeddings_seq, L2 normalisation.</summary>
    private unsafe float[] RawEmbedding(string text)
    {
        int[] tokens = Interop.Tokenize(_model.Vocab, Encoding.UTF8.GetBytes(text), addSpecial: true, parseSpecial: false);
        LlamaContextParams parameters = Interop.ContextDefaultParams();
        parameters.NCtx = 128;
        parameters.NBatch = 128;
        parameters.NUbatch = 128;
        parameters.NSeqMax = 1;
        parameters.NThreads = 1;
        parameters.NThreadsBatch = 1;
        parameters.Embeddings = 1;
        parameters.PoolingType = LlamaPoolingType.Mean;
        using SafeLlamaContextHandle context = Interop.ContextInit(_model.Handle, parameters);
        LlamaBatch batch = Interop.BatchInit(tokens.Length, 1);
        try
        {
            for (int i = 0; i < tokens.Length; i++)
            {
                batch.Token[i] = tokens[i];
                batch.Pos[i] = i;
                batch.NSeqId[i] = 1;
                batch.SeqId[i][0] = 0;
                batch.Logits[i] = 1;
            }

            batch.NTokens = tokens.Length;
            Assert.That(Interop.Decode(context, batch), Is.Zero);
            float[] vector = new ReadOnlySpan<float>(Interop.EmbeddingsForSequence(context, 0), _model.EmbeddingLength).ToArray();
            double norm = Norm(vector);
            return [.. vector.Select(v => (float)(v / norm))];
        }
        finally
        {
            Interop.BatchFree(batch);
        }
    }

    private static double Norm(ReadOnlySpan<float> vector)
    {
        double sum = 0;
        foreach (float value in vector)
        {
            sum += (double)value * value;
        }

        return Math.Sqrt(sum);
    }

    private static double Cosine(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b)
    {
        double dot = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a.Span[i] * b.Span[i];
        }

        return dot / (Norm(a.Span) * Norm(b.Span));
    }

    /// <summary>A dictionary-backed <see cref="IDistributedCache"/> (no expiry).</summary>
    private sealed class DictionaryDistributedCache : IDistributedCache
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _entries = new();

        public int Count => _entries.Count;

        public byte[]? Get(string key) => _entries.TryGetValue(key, out byte[]? value) ? value : null;

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromResult(Get(key));

        public void Refresh(string key)
        {
        }

        public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

        public void Remove(string key) => _entries.TryRemove(key, out _);

        public Task RemoveAsync(string key, CancellationToken token = default)
        {
            Remove(key);
            return Task.CompletedTask;
        }

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => _entries[key] = value;

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Set(key, value, options);
            return Task.CompletedTask;
        }
    }
}
