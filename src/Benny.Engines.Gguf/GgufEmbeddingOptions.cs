namespace Benny.Engines.Gguf;

/// <summary>Settings of a <see cref="GgufEmbeddingGenerator"/>; a <see langword="null"/> property means the default it documents.</summary>
public sealed class GgufEmbeddingOptions
{
    /// <summary>Gets or sets the folder holding the llama.cpp natives.</summary>
    /// <value>Defaults to <see langword="null"/>: the same search as <see cref="GgufEngineOptions.NativeLibraryDirectory"/>.</value>
    public string? NativeLibraryDirectory { get; set; }

    /// <summary>Gets or sets the backend the model runs on.</summary>
    /// <value>Defaults to <see cref="GgufBackend.Auto"/>.</value>
    public GgufBackend Backend { get; set; } = GgufBackend.Auto;

    /// <summary>Gets or sets how many layers go to the GPU.</summary>
    /// <value>Defaults to <see langword="null"/>: all layers on a GPU backend, none on the CPU.</value>
    public int? GpuLayers { get; set; }

    /// <summary>Gets or sets the context size in tokens: the longest input, and the most tokens decoded in one batch.</summary>
    /// <value>Defaults to <see langword="null"/>: the model's training context, at most 4096.</value>
    public int? ContextSize { get; set; }

    /// <summary>Gets or sets the number of threads.</summary>
    /// <value>Defaults to <see langword="null"/>: the engine's thread rule (<see cref="GgufThreadRule"/>).</value>
    public int? Threads { get; set; }

    /// <summary>Gets or sets the most inputs decoded together in one batch (one sequence each).</summary>
    /// <value>Defaults to 16; at most <see cref="MaxBatchInputsLimit"/>.</value>
    public int MaxBatchInputs { get; set; } = 16;

    /// <summary>The largest <see cref="MaxBatchInputs"/> accepted.</summary>
    internal const int MaxBatchInputsLimit = 256;

    /// <summary>Gets or sets the pooling.</summary>
    /// <value>Defaults to <see langword="null"/>: the model's own (<c>&lt;arch&gt;.pooling_type</c> in its metadata), or <see cref="GgufPoolingType.Mean"/> when the model names none (generative models).</value>
    public GgufPoolingType? Pooling { get; set; }

    /// <summary>Gets or sets whether each vector is scaled to unit (L2) length.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Normalize { get; set; } = true;

    /// <summary>Gets or sets whether an input longer than the context is cut to its first tokens instead of rejected.</summary>
    /// <value>Defaults to <see langword="false"/>: such an input fails the request with an <see cref="ArgumentException"/>.</value>
    public bool Truncate { get; set; }
}
