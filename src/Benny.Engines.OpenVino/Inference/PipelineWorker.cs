using Benny.Engines.OpenVino.Native;
using Benny.Runtime.Hosting;
using Microsoft.Extensions.Logging;

namespace Benny.Engines.OpenVino.Inference;

/// <summary>
/// Owns a compiled pipeline and the one thread that ever calls it. Requests are queued as <see cref="GenerationJob"/>s and
/// run one at a time, so no native call runs on a caller's or a thread-pool thread and the pipeline is never used concurrently.
/// </summary>
internal sealed partial class PipelineWorker : IDisposable
{
    private readonly IGenAiPipeline _pipeline;
    private readonly DedicatedWorker<GenerationJob> _worker;
    private readonly ILogger _logger;
    private readonly string _modelName;
    private int _disposed;

    /// <summary>Starts the worker thread; the worker owns <paramref name="pipeline"/> from now on.</summary>
    public PipelineWorker(IGenAiPipeline pipeline, string modelName, ILogger logger)
    {
        _pipeline = pipeline;
        _modelName = modelName;
        _logger = logger;
        _worker = new DedicatedWorker<GenerationJob>(
            $"Benny OpenVINO generate ({modelName})",
            Generate,
            static (job, error) => job.Output.TryComplete(error),
            "The OpenVINO model was disposed before this request ran.");
    }

    /// <summary>Gets whether disposal has begun (the running request is cancelled at its next piece).</summary>
    public bool IsDisposing => _worker.IsDisposing;

    /// <summary>Queues a request.</summary>
    /// <exception cref="ObjectDisposedException">The worker is disposed.</exception>
    public void Enqueue(GenerationJob job) => _worker.Enqueue(job);

    /// <summary>Fails queued requests, cancels the running one at its next piece, then frees the pipeline.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _worker.Dispose();
        FreePipeline(); // the worker thread has ended: nothing uses the pipeline any more
    }

    private void FreePipeline()
    {
        try
        {
            _pipeline.Dispose();
        }
#pragma warning disable CA1031 // An exception here would end the process (it is the worker thread's last act); log it instead.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFreeFailed(_logger, _modelName, e);
        }
    }

    private void Generate(GenerationJob job)
    {
        if (job.Cancellation.IsCancellationRequested)
        {
            job.Output.TryComplete(new OperationCanceledException(job.Cancellation)); // cancelled while queued: never reaches the pipeline
            return;
        }

        try
        {
            GenAiResult result = _pipeline.Generate(job.Request, piece =>
            {
                if (job.Cancellation.IsCancellationRequested || _worker.IsDisposing)
                {
                    return GenAiStreamingStatus.Cancel; // drops the request from GenAI's history as well
                }

                if (piece.Length > 0)
                {
                    job.Output.TryWrite(new GenerationEvent.Text(piece));
                }

                return GenAiStreamingStatus.Running;
            });

            if (job.Cancellation.IsCancellationRequested)
            {
                job.Output.TryComplete(new OperationCanceledException(job.Cancellation));
                return;
            }

            if (_worker.IsDisposing)
            {
                job.Output.TryComplete(new ObjectDisposedException(nameof(OpenVinoChatClient), "The OpenVINO model was disposed while it was generating."));
                return;
            }

            job.Output.TryWrite(new GenerationEvent.Completed(result));
            job.Output.TryComplete();
        }
#pragma warning disable CA1031 // The worker thread must survive any one request's failure; the error goes to that request's caller.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogRequestFailed(_logger, _modelName, e);
            job.Output.TryComplete(e);
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Error, Message = "OpenVINO model {ModelName}: the request failed.")]
    private static partial void LogRequestFailed(ILogger logger, string modelName, Exception exception);

    [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "OpenVINO model {ModelName}: freeing the pipeline failed.")]
    private static partial void LogFreeFailed(ILogger logger, string modelName, Exception exception);
}
