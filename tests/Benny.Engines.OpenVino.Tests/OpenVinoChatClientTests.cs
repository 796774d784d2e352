using System.Collections.Concurrent;
using Benny.Engines.OpenVino.Native;
using Benny.Engines.OpenVino.Tests.Support;
using Microsoft.Extensions.AI;
using Moq;

namespace Benny.Engines.OpenVino.Tests;

/// <summary>Requests: history, settings, streaming, cancellation, usage and lifetime, on a fake pipeline.</summary>
public class OpenVinoChatClientTests
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(30); // fails a broken test instead of hanging it; not a timing assertion

    private static readonly GenAiPerfMetrics s_metrics = new(InputTokens: 12, GeneratedTokens: 3, TimeToFirstTokenMs: 45.5f, TimePerOutputTokenMs: 20.25f, ThroughputTokensPerSecond: 49.4f, GenerateDurationMs: 100f);

    private TempDirectory _temp = null!;
    private string _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        _folder = _temp.CreateModelFolder("benny-route-s/task-text-generation-with-past__wf-int4");
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task GetStreamingResponseAsync_Pieces_StreamInOrderThenAFinalUpdateWithUsageAndTimings()
    {
        using OpenVinoChatClient client = await LoadAsync(FakeRuntime.Pipeline(["Hel", "lo", "!"], s_metrics).Object);

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
        {
            updates.Add(update);
        }

        Assert.That(updates.Select(u => u.Text), Is.EqualTo(new[] { "Hel", "lo", "!", "" }));
        Assert.That(updates.Select(u => u.ResponseId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(updates.Select(u => u.MessageId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(updates[0].ResponseId, Is.Not.Null.And.Not.Empty);
        Assert.That(updates.All(u => u.Role == ChatRole.Assistant && u.ModelId == "task-text-generation-with-past__wf-int4"));
        ChatResponseUpdate last = updates[^1];
        Assert.That(last.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        UsageDetails usage = last.Contents.OfType<UsageContent>().Single().Details;
        Assert.That((usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount), Is.EqualTo(((long?)12, (long?)3, (long?)15)));
        Assert.That(last.AdditionalProperties!["benny.ttft_ms"], Is.EqualTo(45.5d));
        Assert.That(last.AdditionalProperties!["benny.tpot_ms"], Is.EqualTo(20.25d));
        Assert.That((double)last.AdditionalProperties!["benny.throughput_tps"]!, Is.EqualTo(49.4d).Within(1e-4));
    }

    [Test]
    public async Task GetResponseAsync_GeneratedTokensReachMaxNewTokens_FinishReasonIsLength()
    {
        using OpenVinoChatClient client = await LoadAsync(FakeRuntime.Pipeline(["a", "b", "c"], s_metrics).Object);

        ChatResponse limited = await client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 3 });
        ChatResponse roomy = await client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 4 });

        Assert.That((limited.FinishReason, roomy.FinishReason), Is.EqualTo(((ChatFinishReason?)ChatFinishReason.Length, (ChatFinishReason?)ChatFinishReason.Stop)));
        Assert.That(limited.Text, Is.EqualTo("abc"));
        Assert.That(limited.Usage?.OutputTokenCount, Is.EqualTo(3));
    }

    [Test]
    public async Task GetResponseAsync_Messages_GoAsRolesAndMappedSettings()
    {
        var requests = new ConcurrentQueue<GenAiRequest>();
        using OpenVinoChatClient client = await LoadAsync(FakeRuntime.Pipeline(["ok"], s_metrics, requests: requests).Object);

        await client.GetResponseAsync(
            [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi"), new(ChatRole.Assistant, "Hello."), new(ChatRole.User, "Bye")],
            new ChatOptions { Temperature = 0, MaxOutputTokens = 16, StopSequences = ["\n"] });

        GenAiRequest request = requests.Single();
        Assert.That(request.Messages, Is.EqualTo(new[] { ("system", "Be brief."), ("user", "Hi"), ("assistant", "Hello."), ("user", "Bye") }));
        Assert.That((request.Settings.DoSample, request.Settings.Temperature, request.Settings.MaxNewTokens), Is.EqualTo(((bool?)false, (float?)null, (int?)16)));
        Assert.That(request.Settings.StopStrings, Is.EqualTo(new[] { "\n" }));
    }

    [Test]
    public async Task GetResponseAsync_RuntimeDidNotStream_ReturnsTheResultText()
    {
        var pipeline = new Mock<IGenAiPipeline>();
        pipeline.Setup(p => p.Generate(It.IsAny<GenAiRequest>(), It.IsAny<Func<string, GenAiStreamingStatus>>())).Returns(new GenAiResult("whole text", null));
        using OpenVinoChatClient client = await LoadAsync(pipeline.Object);

        ChatResponse response = await client.GetResponseAsync("hi");

        Assert.That(response.Text, Is.EqualTo("whole text"));
        Assert.That(response.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(response.Usage, Is.Null, "no metrics, no usage");
    }

    [Test]
    public async Task GetStreamingResponseAsync_PromptLongerThanMaxPromptLength_ThrowsBeforeAnyNativeCall()
    {
        var pipeline = StrictPipeline();
        using OpenVinoChatClient client = await LoadAsync(pipeline.Object, new OpenVinoEngineOptions { Device = "NPU", MaxPromptLength = 10, CacheDirectory = _temp.Path });

        ArgumentException error = Assert.Throws<ArgumentException>(() => client.GetStreamingResponseAsync(new string('x', 40)))!;

        Assert.That(error.Message, Does.Contain("about 14 tokens").And.Contain("MaxPromptLength = 10").And.Contain("estimated"));
        pipeline.Verify(p => p.Generate(It.IsAny<GenAiRequest>(), It.IsAny<Func<string, GenAiStreamingStatus>>()), Times.Never);
    }

    [Test]
    public async Task GetResponseAsync_PromptWithinMaxPromptLength_Runs()
    {
        using OpenVinoChatClient client = await LoadAsync(FakeRuntime.Pipeline(["ok"], s_metrics).Object, new OpenVinoEngineOptions { MaxPromptLength = 10, CacheDirectory = _temp.Path });

        Assert.That((await client.GetResponseAsync(new string('x', 30))).Text, Is.EqualTo("ok"));
    }

    [TestCase("", 0)]
    [TestCase("abc", 1)]
    [TestCase("abcd", 2)]
    [TestCase("äöü", 2)] // 6 UTF-8 bytes
    public void EstimatePromptTokens_Text_IsUtf8BytesOverThreeRoundedUp(string text, int expected)
        => Assert.That(OpenVinoChatClient.EstimatePromptTokens([("user", text)]), Is.EqualTo(expected));

    [Test]
    public async Task GetStreamingResponseAsync_Cancelled_CallbackAnswersCancelAndStreamThrows()
    {
        var statuses = new ConcurrentQueue<GenAiStreamingStatus>();
        using var proceed = new ManualResetEventSlim();
        var generateEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using OpenVinoChatClient client = await LoadAsync(BlockingPipeline(statuses, proceed, generateEnded).Object);
        using var cts = new CancellationTokenSource();

        await using IAsyncEnumerator<ChatResponseUpdate> stream = client.GetStreamingResponseAsync("hi", cancellationToken: cts.Token).GetAsyncEnumerator();
        Assert.That(await stream.MoveNextAsync(), Is.True);
        Assert.That(stream.Current.Text, Is.EqualTo("first"));
        await cts.CancelAsync();

        Assert.That(async () => await stream.MoveNextAsync(), Throws.InstanceOf<OperationCanceledException>());
        proceed.Set();
        await generateEnded.Task.WaitAsync(s_hangGuard);
        Assert.That(statuses, Is.EqualTo(new[] { GenAiStreamingStatus.Running, GenAiStreamingStatus.Cancel }));
    }

    [Test]
    public async Task GetStreamingResponseAsync_ConsumerStopsEarly_CallbackAnswersCancel()
    {
        var statuses = new ConcurrentQueue<GenAiStreamingStatus>();
        using var proceed = new ManualResetEventSlim();
        var generateEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using OpenVinoChatClient client = await LoadAsync(BlockingPipeline(statuses, proceed, generateEnded).Object);

        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
        {
            Assert.That(update.Text, Is.EqualTo("first"));
            break;
        }

        proceed.Set();
        await generateEnded.Task.WaitAsync(s_hangGuard);
        Assert.That(statuses, Is.EqualTo(new[] { GenAiStreamingStatus.Running, GenAiStreamingStatus.Cancel }));
    }

    [Test]
    public async Task GetResponseAsync_AlreadyCancelled_NeverReachesThePipeline()
    {
        var pipeline = StrictPipeline();
        using OpenVinoChatClient client = await LoadAsync(pipeline.Object);

        Assert.That(() => client.GetResponseAsync("hi", cancellationToken: new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
        client.Dispose(); // lets the worker finish its queue, so the check below sees everything it did
        pipeline.Verify(p => p.Generate(It.IsAny<GenAiRequest>(), It.IsAny<Func<string, GenAiStreamingStatus>>()), Times.Never);
    }

    [Test]
    public async Task GetResponseAsync_PipelineFails_TheErrorReachesTheCaller()
    {
        var pipeline = new Mock<IGenAiPipeline>();
        pipeline.Setup(p => p.Generate(It.IsAny<GenAiRequest>(), It.IsAny<Func<string, GenAiStreamingStatus>>()))
            .Throws(new OpenVinoException("ov_genai_llm_pipeline_generate", -1, "generate failed"));
        using OpenVinoChatClient client = await LoadAsync(pipeline.Object);

        Assert.That(() => client.GetResponseAsync("hi"), Throws.TypeOf<OpenVinoException>().With.Message.EqualTo("generate failed"));
        Assert.That((await client.GetResponseAsync("again").ContinueWith(t => t.Exception?.InnerException, TaskScheduler.Default)), Is.TypeOf<OpenVinoException>(), "the worker survives a failed request");
    }

    [Test]
    public async Task GetResponseAsync_ConcurrentRequests_RunOneAtATimeOnTheModelThread()
    {
        var threads = new ConcurrentQueue<string?>();
        int running = 0, maxRunning = 0;
        using var release = new ManualResetEventSlim();
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = new Mock<IGenAiPipeline>();
        pipeline.Setup(p => p.Generate(It.IsAny<GenAiRequest>(), It.IsAny<Func<string, GenAiStreamingStatus>>()))
            .Returns((GenAiRequest request, Func<string, GenAiStreamingStatus> onText) =>
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref maxRunning, now);
                threads.Enqueue(Thread.CurrentThread.Name);
                firstStarted.TrySetResult();
                release.Wait(s_hangGuard);
                onText(request.Messages[0].Content);
                Interlocked.Decrement(ref running);
                return new GenAiResult(request.Messages[0].Content, null);
            });
        using OpenVinoChatClient client = await LoadAsync(pipeline.Object);

        Task<ChatResponse> first = client.GetResponseAsync("one");
        await firstStarted.Task.WaitAsync(s_hangGuard);
        Task<ChatResponse> second = client.GetResponseAsync("two");
        release.Set();
        ChatResponse[] responses = await Task.WhenAll(first, second).WaitAsync(s_hangGuard);

        Assert.That(responses.Select(r => r.Text), Is.EqualTo(new[] { "one", "two" }));
        Assert.That(maxRunning, Is.EqualTo(1));
        Assert.That(threads, Has.All.EqualTo("Benny OpenVINO generate (task-text-generation-with-past__wf-int4)"));
    }

    [Test]
    public async Task GetStreamingResponseAsync_BadInput_ThrowsEagerly()
    {
        using OpenVinoChatClient client = await LoadAsync(StrictPipeline().Object);

        Assert.That(() => client.GetStreamingResponseAsync(null!), Throws.ArgumentNullException);
        Assert.That(() => client.GetStreamingResponseAsync([]), Throws.ArgumentException.With.Message.Contains("at least one message"));
        Assert.That(() => client.GetStreamingResponseAsync([new(ChatRole.System, ""), new(ChatRole.User, " ")]), Throws.ArgumentException.With.Message.Contains("are empty"));
        Assert.That(() => client.GetStreamingResponseAsync("hi", new ChatOptions { StopSequences = [null!] }), Throws.ArgumentException.With.Message.Contains("StopSequences[0] is null"));
        Assert.That(() => client.GetStreamingResponseAsync([new(ChatRole.Tool, "42")]), Throws.TypeOf<NotSupportedException>().With.Message.Contains("tool"));
        Assert.That(() => client.GetStreamingResponseAsync("hi", new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "f")] }), Throws.TypeOf<NotSupportedException>());
        Assert.That(() => client.GetStreamingResponseAsync("hi", new ChatOptions { Temperature = -1 }), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task GetService_KnownTypes_ReturnMetadataModelInfoAndTheClient()
    {
        File.WriteAllText(Path.Combine(_folder, "conversion.json"), """{ "source_model": "Qwen/Qwen2.5-1.5B-Instruct", "task": "text-generation-with-past" }""");
        using OpenVinoChatClient client = await LoadAsync(new Mock<IGenAiPipeline>().Object);

        ChatClientMetadata metadata = client.GetService<ChatClientMetadata>()!;
        OpenVinoModelInfo info = client.GetService<OpenVinoModelInfo>()!;

        Assert.That((metadata.ProviderName, metadata.DefaultModelId), Is.EqualTo(("openvino", "task-text-generation-with-past__wf-int4")));
        Assert.That(info, Is.EqualTo(new OpenVinoModelInfo(_folder, _folder, "CPU", "int4", "Qwen/Qwen2.5-1.5B-Instruct", "text-generation-with-past", "fake OpenVINO GenAI 2026.3", _temp.Path, [])).Using<OpenVinoModelInfo>(SameInfo));
        Assert.That(client.GetService<OpenVinoChatClient>(), Is.SameAs(client));
        Assert.That(client.GetService<ChatClientMetadata>("key"), Is.Null);
        Assert.That(client.GetService<string>(), Is.Null);
    }

    [Test]
    public async Task Dispose_FreesThePipelineAndLaterCallsThrow()
    {
        Mock<IGenAiPipeline> pipeline = FakeRuntime.Pipeline(["x"], null);
        OpenVinoChatClient client = await LoadAsync(pipeline.Object);
        await client.GetResponseAsync("hi");

        client.Dispose();
        client.Dispose();

        pipeline.Verify(p => p.Dispose(), Times.Once);
        Assert.That(() => client.GetStreamingResponseAsync("hi"), Throws.TypeOf<ObjectDisposedException>());
    }

    /// <summary>A pipeline that fails the test if anything but Dispose is called.</summary>
    private static Mock<IGenAiPipeline> StrictPipeline()
    {
        var pipeline = new Mock<IGenAiPipeline>(MockBehavior.Strict);
        pipeline.Setup(p => p.Dispose());
        return pipeline;
    }

    private static bool SameInfo(OpenVinoModelInfo a, OpenVinoModelInfo b)
        => a with { FailedAttempts = [] } == b with { FailedAttempts = [] } && a.FailedAttempts.SequenceEqual(b.FailedAttempts);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    /// <summary>Streams "first", waits for the test, streams "second", and records what the engine answered each time.</summary>
    private static Mock<IGenAiPipeline> BlockingPipeline(ConcurrentQueue<GenAiStreamingStatus> statuses, ManualResetEventSlim proceed, TaskCompletionSource ended)
    {
        var pipeline = new Mock<IGenAiPipeline>();
        pipeline.Setup(p => p.Generate(It.IsAny<GenAiRequest>(), It.IsAny<Func<string, GenAiStreamingStatus>>()))
            .Returns((GenAiRequest _, Func<string, GenAiStreamingStatus> onText) =>
            {
                try
                {
                    statuses.Enqueue(onText("first"));
                    proceed.Wait(s_hangGuard);
                    GenAiStreamingStatus status = onText("second");
                    statuses.Enqueue(status);
                    return new GenAiResult(status == GenAiStreamingStatus.Running ? "firstsecond" : "first", s_metrics);
                }
                finally
                {
                    ended.TrySetResult();
                }
            });
        return pipeline;
    }

    private Task<OpenVinoChatClient> LoadAsync(IGenAiPipeline pipeline, OpenVinoEngineOptions? options = null)
        => OpenVinoChatClient.LoadAsync(_folder, options ?? new OpenVinoEngineOptions { CacheDirectory = _temp.Path }, FakeRuntime.Create(pipeline).Object);
}
