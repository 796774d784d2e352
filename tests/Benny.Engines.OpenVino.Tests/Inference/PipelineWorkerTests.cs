using System.Collections.Concurrent;
using System.Threading.Channels;
using Benny.Engines.OpenVino.Inference;
using Benny.Engines.OpenVino.Native;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Benny.Engines.OpenVino.Tests.Inference;

public class PipelineWorkerTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30); // fails a broken test instead of hanging it; not a timing assertion

    [Test]
    public async Task Dispose_WhileGenerating_CancelsAtTheNextPieceFailsTheRequestAndFreesThePipeline()
    {
        var statuses = new ConcurrentQueue<GenAiStreamingStatus>();
        using var proceed = new ManualResetEventSlim();
        var pipeline = new Mock<IGenAiPipeline>();
        pipeline.Setup(p => p.Generate(It.IsAny<GenAiRequest>(), It.IsAny<Func<string, GenAiStreamingStatus>>()))
            .Returns((GenAiRequest _, Func<string, GenAiStreamingStatus> onText) =>
            {
                statuses.Enqueue(onText("first"));
                proceed.Wait(HangGuard);
                statuses.Enqueue(onText("second"));
                return new GenAiResult("first", null);
            });
        var worker = new PipelineWorker(pipeline.Object, "m", NullLogger.Instance);
        var output = Channel.CreateUnbounded<GenerationEvent>();
        worker.Enqueue(new GenerationJob(new GenAiRequest([("user", "hi")], new GenAiGenerationSettings()), output.Writer, CancellationToken.None));
        Assert.That(await output.Reader.ReadAsync().AsTask().WaitAsync(HangGuard), Is.EqualTo(new GenerationEvent.Text("first")));

        Task disposing = Task.Run(worker.Dispose);
        Assert.That(SpinWait.SpinUntil(() => worker.IsDisposing, HangGuard), Is.True);
        proceed.Set();
        await disposing.WaitAsync(HangGuard);

        Assert.That(statuses, Is.EqualTo(new[] { GenAiStreamingStatus.Running, GenAiStreamingStatus.Cancel }));
        Assert.That(async () => await output.Reader.Completion, Throws.TypeOf<ObjectDisposedException>());
        pipeline.Verify(p => p.Dispose(), Times.Once);
    }
}
