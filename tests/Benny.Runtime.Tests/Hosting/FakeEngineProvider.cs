using System.Collections.Concurrent;
using Benny.Runtime.Hosting;
using Benny.Runtime.Presets;
using Benny.Runtime.Registry;

namespace Benny.Runtime.Tests.Hosting;

/// <summary>An engine provider that counts loads, can hold a load open on a gate, can fail, and reports progress.</summary>
internal sealed class FakeEngineProvider(string engineName = "fake") : IEngineProvider
{
    private readonly ConcurrentQueue<FakeEngineModel> _models = new();
    private int _loadCount;

    public string EngineName { get; } = engineName;

    public GenerationParameters SupportedParameters => GenerationParameters.Temperature;

    /// <summary>Gets or sets whether the engine makes embeddings (its models have a generator when their entry asks).</summary>
    public bool SupportsEmbeddings { get; set; } = true;

    /// <summary>Gets or sets whether models are loaded without the embedding generator their entry asks for (a faulty engine).</summary>
    public bool OmitEmbeddingGenerator { get; set; }

    /// <summary>Gets or sets a gate the embedding generator of each model loaded from now on waits on; none when null.</summary>
    public TaskCompletionSource? EmbeddingGate { get; set; }

    /// <summary>Gets how many times <see cref="LoadAsync"/> was called.</summary>
    public int LoadCount => Volatile.Read(ref _loadCount);

    /// <summary>Gets the models returned so far, in load order.</summary>
    public IReadOnlyList<FakeEngineModel> Models => [.. _models];

    /// <summary>Gets or sets a gate every load waits on before it completes; none when null.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Gets or sets whether a gated load ignores the cancellation token (a provider that cannot stop mid-load).</summary>
    public bool IgnoreCancellation { get; set; }

    /// <summary>Gets or sets the exception loads throw (after the gate); none when null.</summary>
    public Exception? FailWith { get; set; }

    /// <summary>Gets or sets the fractions each load reports before the gate.</summary>
    public IReadOnlyList<float> ProgressSteps { get; set; } = [];

    /// <summary>Gets a signal set when a load has started (after reporting progress).</summary>
    public TaskCompletionSource LoadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets or sets what is done to the chat client of each model loaded from now on (to script its answers).</summary>
    public Action<FakeChatClient>? ConfigureClient { get; set; }

    /// <summary>Gets the token the last load received.</summary>
    public CancellationToken LastToken { get; private set; }

    public async Task<IEngineModel> LoadAsync(ModelDefinition definition, IProgress<float> progress, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _loadCount);
        LastToken = cancellationToken;
        foreach (float step in ProgressSteps)
        {
            progress.Report(step);
        }

        LoadStarted.TrySetResult();
        if (Gate is { } gate)
        {
            await (IgnoreCancellation ? gate.Task : gate.Task.WaitAsync(cancellationToken)).ConfigureAwait(false);
        }

        if (FailWith is { } failure)
        {
            throw failure;
        }

        var model = new FakeEngineModel(definition, !OmitEmbeddingGenerator);
        if (model.FakeEmbeddingGenerator is { } generator)
        {
            generator.Gate = EmbeddingGate;
        }

        ConfigureClient?.Invoke(model.FakeChatClient);
        _models.Enqueue(model);
        return model;
    }
}
