using System.Text;
using Benny.Engines.Gguf.Native;
using Benny.Engines.Gguf.Tests.Support;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Tests;

/// <summary>Continuous batching, prefix reuse and the bounded queue on a real model (stories260K, greedy).</summary>
public class GgufChatClientBatchingTests
{
    private static readonly string[] Prompts =
    [
        "Once upon a time",
        "Lily and Ben went to the park to play with a big red ball. They",
        "The cat",
        "One day, a little boy named Tim found a shiny stone in the garden. He wanted to show it to his mom, so he",
        "Sue had a dog.",
        "There was a bird who could not fly. Every day",
    ];

    /// <summary>A 300+-token story opening: a long shared prefix.</summary>
    private static readonly string LongPrefix = string.Concat(Enumerable.Repeat("Once upon a time there was a little dog named Max. Max liked to run in the park with his friend. ", 12));

    private static GgufEngineOptions Options(int parallel, int contextSize = 1024, int queueLimit = 64, LlamaFlashAttnType flashAttention = LlamaFlashAttnType.Auto)
        => new() { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = contextSize, Parallel = parallel, QueueLimit = queueLimit, FlashAttention = flashAttention };

    /// <remarks>
    /// Flash attention is off: llama.cpp's CPU flash attention rounds a multi-row batch differently from a single row, so
    /// with it a near-tie can flip (stories260K: prompt 4 diverges after 18 tokens). Without it the arithmetic per sequence
    /// does not depend on its batch companions, and this checks that batching itself (sequence ids, positions, logits
    /// rows, samplers, joins between steps) changes nothing.
    /// </remarks>
    [Test]
    public async Task GetResponseAsync_ConcurrentGreedyRequestsWithParallel4_GiveTheTextsTheyGiveOneByOne()
    {
        string[] expected;
        using (GgufChatClient single = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Options(parallel: 1, flashAttention: LlamaFlashAttnType.Disabled)))
        {
            expected = new string[Prompts.Length];
            for (int i = 0; i < Prompts.Length; i++)
            {
                expected[i] = (await single.GetResponseAsync(Prompts[i], Greedy(24 + (8 * i)))).Text;
            }
        }

        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Options(parallel: 4, flashAttention: LlamaFlashAttnType.Disabled));
        Task<string>[] concurrent = [.. Prompts.Select((prompt, i) => i % 2 == 0
            ? Streamed(client, prompt, Greedy(24 + (8 * i)))
            : client.GetResponseAsync(prompt, Greedy(24 + (8 * i))).ContinueWith(t => t.Result.Text, TaskScheduler.Default))];
        string[] actual = await Task.WhenAll(concurrent);

        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(expected.All(t => t.Length > 0), Is.True);
    }

    [Test]
    public async Task GetResponseAsync_LongPromptWithParallel4_GetsTheWholeContextNotAQuarter()
    {
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Options(parallel: 4));
        var options = Greedy(48);

        ChatResponse[] responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetResponseAsync(LongPrefix, options)));

        Assert.That(responses[0].Usage?.InputTokenCount, Is.GreaterThan(300));
        Assert.That(client.Info.ContextSize, Is.EqualTo(1024));
        Assert.That(responses.Select(r => (r.Usage?.OutputTokenCount, r.FinishReason)), Is.All.EqualTo(((long?)48, (ChatFinishReason?)ChatFinishReason.Length)),
            "4 x (300+ prompt + 48) exceeds 1024: they take turns for KV room instead of getting a quarter each");
        Assert.That(responses.Select(r => r.Text).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task GetStreamingResponseAsync_QueuedRequestCancelled_EndsWhileTheRunningOneGoesOn()
    {
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Options(parallel: 1, contextSize: 4096));
        using var stopRunning = new CancellationTokenSource();
        await using IAsyncEnumerator<ChatResponseUpdate> running = client.GetStreamingResponseAsync("Once upon a time", Greedy(4000), stopRunning.Token).GetAsyncEnumerator();
        Assert.That(await running.MoveNextAsync(), Is.True, "the first request is generating");

        using var cancellation = new CancellationTokenSource();
        Task<ChatResponse> queued = client.GetResponseAsync("The cat", Greedy(8), cancellation.Token);
        await cancellation.CancelAsync();

        Assert.That(async () => await queued, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await running.MoveNextAsync(), Is.True, "the running request is still streaming");
        Assert.That(running.Current.FinishReason, Is.Null);
        await stopRunning.CancelAsync();
        Assert.That(async () => { while (await running.MoveNextAsync()) { } }, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task GetStreamingResponseAsync_QueueLimitReached_ThrowsQueueFullWithoutQueueing()
    {
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Options(parallel: 1, contextSize: 4096, queueLimit: 1));
        using var cancellation = new CancellationTokenSource();
        await using IAsyncEnumerator<ChatResponseUpdate> running = client.GetStreamingResponseAsync("Once upon a time", Greedy(4000), cancellation.Token).GetAsyncEnumerator();
        Assert.That(await running.MoveNextAsync(), Is.True, "the first request holds the only slot");
        Task<ChatResponse> waiting = client.GetResponseAsync("The cat", Greedy(4), cancellation.Token);

        var error = Assert.Throws<GgufQueueFullException>(() => client.GetStreamingResponseAsync("Sue had a dog.", Greedy(4)));
        Assert.That(() => client.GetResponseAsync("Sue had a dog.", Greedy(4)), Throws.TypeOf<GgufQueueFullException>());

        Assert.That(error!.QueueLimit, Is.EqualTo(1));
        Assert.That(error.ModelId, Is.EqualTo(client.GetService<ChatClientMetadata>()!.DefaultModelId));
        Assert.That(error.Message, Does.Contain("QueueLimit 1").And.Contain(error.ModelId));
        Assert.That(error, Is.InstanceOf<InvalidOperationException>());
        await cancellation.CancelAsync();
        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(async () => { while (await running.MoveNextAsync()) { } }, Throws.InstanceOf<OperationCanceledException>());
        ChatResponse after = await client.GetResponseAsync("The cat", Greedy(4));
        Assert.That(after.Usage?.OutputTokenCount, Is.EqualTo(4), "the queue has room again");
    }

    [Test]
    public async Task GetResponseAsync_SharedLongPrefix_ReusesTheCacheAndGivesTheFreshText()
    {
        string first = LongPrefix + "One day Max saw a cat.";
        string second = LongPrefix + "One day Max found a bone.";
        int shared = SharedTokens(first, second);
        string fresh = await FreshText(second, Greedy(24));
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Options(parallel: 1));

        (_, ChatResponseUpdate warm) = await Final(client, first, Greedy(24));
        (string text, ChatResponseUpdate reused) = await Final(client, second, Greedy(24));

        Assert.That(shared, Is.GreaterThan(300));
        Assert.That(CachedTokens(warm), Is.Zero, "a new client has nothing cached");
        Assert.That(CachedTokens(reused), Is.GreaterThanOrEqualTo(shared));
        Assert.That(CachedTokens(reused), Is.LessThan(InputTokens(reused)));
        Assert.That(text, Is.EqualTo(fresh));
    }

    [Test]
    public async Task GetResponseAsync_SamePromptAgain_ReusesAllButTheLastToken()
    {
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Options(parallel: 2));

        (string first, _) = await Final(client, LongPrefix, Greedy(16));
        (string text, ChatResponseUpdate again) = await Final(client, LongPrefix, Greedy(16));

        Assert.That(CachedTokens(again), Is.EqualTo(InputTokens(again) - 1), "the last prompt token is decoded again for its logits");
        Assert.That(text, Is.EqualTo(first));
        Assert.That(again.AdditionalProperties!.Keys, Is.SupersetOf(new[] { "benny.prompt_ms", "benny.generation_ms", "benny.queue_ms", "benny.time_to_first_token_ms", "benny.cached_prompt_tokens" }));
    }

    [Test]
    public async Task GetResponseAsync_PrefixHeldByARunningSlot_IsCopiedIntoTheFreeSlot()
    {
        string warmup = LongPrefix + "One day Max saw a cat.";
        string longRunning = LongPrefix + "One day Max found a bone.";
        string copied = LongPrefix + "One day Max met a frog.";
        int shared = SharedTokens(longRunning, copied);
        string fresh = await FreshText(copied, Greedy(24));
        using GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Options(parallel: 2, contextSize: 2048));
        await client.GetResponseAsync(warmup, Greedy(4)); // slot 0 now holds the prefix; slot 1 is empty
        using var cancellation = new CancellationTokenSource();
        await using IAsyncEnumerator<ChatResponseUpdate> running = client.GetStreamingResponseAsync(longRunning, Greedy(1000), cancellation.Token).GetAsyncEnumerator();
        Assert.That(await running.MoveNextAsync(), Is.True, "slot 0 is busy generating");

        (string text, ChatResponseUpdate response) = await Final(client, copied, Greedy(24));

        Assert.That(CachedTokens(response), Is.GreaterThanOrEqualTo(shared), "the only free slot had nothing cached: the prefix came from the busy one");
        Assert.That(text, Is.EqualTo(fresh));
        await cancellation.CancelAsync();
        Assert.That(async () => { while (await running.MoveNextAsync()) { } }, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Dispose_WithSeveralRunningAndQueued_EndsThemAll()
    {
        GgufChatClient client = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Options(parallel: 2, contextSize: 4096));
        IAsyncEnumerator<ChatResponseUpdate> first = client.GetStreamingResponseAsync("Once upon a time", Greedy(1500)).GetAsyncEnumerator();
        IAsyncEnumerator<ChatResponseUpdate> second = client.GetStreamingResponseAsync("The cat", Greedy(1500)).GetAsyncEnumerator();
        Assert.That(await first.MoveNextAsync(), Is.True);
        Assert.That(await second.MoveNextAsync(), Is.True);
        Task<ChatResponse>[] queued = [client.GetResponseAsync("Sue had a dog.", Greedy(1500)), client.GetResponseAsync("Lily", Greedy(1500))];

        client.Dispose();

        Assert.That(async () => { while (await first.MoveNextAsync()) { } }, Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(async () => { while (await second.MoveNextAsync()) { } }, Throws.InstanceOf<ObjectDisposedException>());
        foreach (Task<ChatResponse> task in queued)
        {
            Assert.That(async () => await task, Throws.InstanceOf<ObjectDisposedException>());
        }

        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    private static ChatOptions Greedy(int tokens) => new() { Temperature = 0, MaxOutputTokens = tokens };

    private static int CachedTokens(ChatResponseUpdate final) => (int)final.AdditionalProperties!["benny.cached_prompt_tokens"]!;

    /// <summary>Streams a response and returns its text and final update (the one with usage and the benny.* figures).</summary>
    private static async Task<(string Text, ChatResponseUpdate Final)> Final(IChatClient client, string prompt, ChatOptions options, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        ChatResponseUpdate? final = null;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(prompt, options, cancellationToken))
        {
            text.Append(update.Text);
            final = update;
        }

        return (text.ToString(), final!);
    }

    private static long InputTokens(ChatResponseUpdate final) => final.Contents.OfType<UsageContent>().Single().Details.InputTokenCount!.Value;

    private static async Task<string> Streamed(IChatClient client, string prompt, ChatOptions options)
    {
        var text = new StringBuilder();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(prompt, options))
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }

    private static async Task<string> FreshText(string prompt, ChatOptions options)
    {
        using GgufChatClient fresh = await GgufChatClient.LoadAsync(TestPaths.Stories260K, Options(parallel: 1));
        return (await fresh.GetResponseAsync(prompt, options)).Text;
    }

    /// <summary>The common token prefix of two prompts, tokenized the way the engine does (BOS added).</summary>
    private static int SharedTokens(string a, string b)
    {
        LlamaNativeLibrary.EnsureLoaded(null, null);
        LlamaModelParams parameters = Interop.ModelDefaultParams();
        parameters.NGpuLayers = 0;
        using SafeLlamaModelHandle model = Interop.ModelLoadFromFile(TestPaths.Stories260K, parameters);
        nint vocab = Interop.ModelGetVocab(model);
        int[] x = Interop.Tokenize(vocab, Encoding.UTF8.GetBytes(a), addSpecial: true, parseSpecial: false);
        int[] y = Interop.Tokenize(vocab, Encoding.UTF8.GetBytes(b), addSpecial: true, parseSpecial: false);
        int n = 0;
        while (n < x.Length && n < y.Length && x[n] == y[n])
        {
            n++;
        }

        return n;
    }
}
