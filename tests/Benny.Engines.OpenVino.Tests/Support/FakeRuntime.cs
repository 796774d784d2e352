using System.Collections.Concurrent;
using Benny.Engines.OpenVino.Native;
using Moq;

namespace Benny.Engines.OpenVino.Tests.Support;

/// <summary>Moq fakes of the GenAI seam that record what the engine asked of them.</summary>
internal static class FakeRuntime
{
    /// <summary>A runtime whose <c>CreatePipeline</c> answers with <paramref name="create"/> and records every call.</summary>
    public static Mock<IGenAiRuntime> Create(
        Func<string, string, IGenAiPipeline> create,
        ConcurrentQueue<(string Folder, string Device, IReadOnlyList<KeyValuePair<string, string>> Properties)> calls)
    {
        var runtime = new Mock<IGenAiRuntime>(MockBehavior.Strict);
        runtime.SetupGet(r => r.Description).Returns("fake OpenVINO GenAI 2026.3");
        runtime.Setup(r => r.CreatePipeline(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IReadOnlyList<KeyValuePair<string, string>>>()))
            .Returns((string folder, string device, IReadOnlyList<KeyValuePair<string, string>> properties) =>
            {
                calls.Enqueue((folder, device, properties));
                return create(folder, device);
            });
        return runtime;
    }

    /// <summary>A runtime that compiles everything into <paramref name="pipeline"/>.</summary>
    public static Mock<IGenAiRuntime> Create(IGenAiPipeline pipeline)
        => Create((_, _) => pipeline, new());

    /// <summary>A pipeline that streams <paramref name="pieces"/>, records the statuses the engine answered, and returns the metrics.</summary>
    public static Mock<IGenAiPipeline> Pipeline(
        IReadOnlyList<string> pieces,
        GenAiPerfMetrics? metrics,
        ConcurrentQueue<GenAiStreamingStatus>? statuses = null,
        ConcurrentQueue<GenAiRequest>? requests = null)
    {
        var pipeline = new Mock<IGenAiPipeline>();
        pipeline.Setup(p => p.Generate(It.IsAny<GenAiRequest>(), It.IsAny<Func<string, GenAiStreamingStatus>>()))
            .Returns((GenAiRequest request, Func<string, GenAiStreamingStatus> onText) =>
            {
                requests?.Enqueue(request);
                foreach (string piece in pieces)
                {
                    GenAiStreamingStatus status = onText(piece);
                    statuses?.Enqueue(status);
                    if (status != GenAiStreamingStatus.Running)
                    {
                        break;
                    }
                }

                return new GenAiResult(string.Concat(pieces), metrics);
            });
        return pipeline;
    }

    public static OpenVinoException Failure(string message) => new("ov_genai_llm_pipeline_create", -1, message);
}
