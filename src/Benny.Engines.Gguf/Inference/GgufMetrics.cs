using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// The engine's OpenTelemetry instruments (GenAI semantic conventions for model servers) for one loaded model: time to
/// first token, time per output token and request duration for completed requests, and the number of queued requests.
/// </summary>
/// <remarks>
/// The <see cref="Meter"/> comes from an <see cref="IMeterFactory"/> when one is given (the factory owns it); otherwise
/// this object creates one and disposes it in <see cref="Dispose"/>. Recording is thread-safe.
/// </remarks>
internal sealed class GgufMetrics : IDisposable
{
    /// <summary>The <c>gen_ai.provider.name</c> of the engine (the provider name in <c>ChatClientMetadata</c>).</summary>
    public const string ProviderName = "llama.cpp";

    // Buckets of the GenAI semantic conventions (seconds).
    private static readonly double[] TimeToFirstTokenBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];
    private static readonly double[] TimePerOutputTokenBuckets = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _timePerOutputToken;
    private readonly Histogram<double> _requestDuration;
    private readonly UpDownCounter<long> _queued;
    private readonly KeyValuePair<string, object?> _requestModel;
    private readonly KeyValuePair<string, object?> _responseModel;

    public GgufMetrics(string modelId, IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(GgufChatClient.MeterName)) ?? new Meter(GgufChatClient.MeterName);
        _timeToFirstToken = _meter.CreateHistogram<double>(
            "gen_ai.server.time_to_first_token", "s", "Time from queueing a request to its first output token.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimeToFirstTokenBuckets });
        _timePerOutputToken = _meter.CreateHistogram<double>(
            "gen_ai.server.time_per_output_token", "s", "Mean time per output token after the first, per request.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimePerOutputTokenBuckets });
        _requestDuration = _meter.CreateHistogram<double>(
            "gen_ai.server.request.duration", "s", "Time from queueing a request to its last output token.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _queued = _meter.CreateUpDownCounter<long>(
            "benny.gguf.requests.queued", "{request}", "Requests waiting for a sequence slot.");
        _requestModel = new("gen_ai.request.model", modelId);
        _responseModel = new("gen_ai.response.model", modelId);
    }

    /// <summary>Records a request that completed: its time to first token, time per output token (when it produced more than one token) and duration.</summary>
    public void Completed(GenerationEvent.Completed done)
    {
        var tags = new TagList
        {
            { "gen_ai.operation.name", "chat" },
            { "gen_ai.provider.name", ProviderName },
            _requestModel,
            _responseModel,
        };
        _timeToFirstToken.Record(done.TimeToFirstTokenMilliseconds / 1000, tags);
        if (done.OutputTokens > 1)
        {
            _timePerOutputToken.Record(done.GenerationMilliseconds / 1000 / (done.OutputTokens - 1), tags);
        }

        _requestDuration.Record((done.QueueMilliseconds + done.PromptMilliseconds + done.GenerationMilliseconds) / 1000, tags);
    }

    /// <summary>Counts <paramref name="delta"/> requests into (positive) or out of (negative) the queue.</summary>
    public void Queued(int delta)
    {
        if (delta != 0)
        {
            _queued.Add(delta, new KeyValuePair<string, object?>("gen_ai.provider.name", ProviderName), _requestModel);
        }
    }

    /// <summary>Disposes the meter when this object created it.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
