using Benny.Runtime.Templates.ToolCalling;

namespace Benny.Engines.Gguf;

/// <summary>
/// Settings of the GGUF engine. <see langword="null"/> means "choose for me" (documented per property).
/// Registry entries override the per-model ones (<c>ContextSize</c>, <c>GpuLayers</c>, <c>Backend</c>,
/// <c>Parallel</c>, and <c>Settings</c> keys <c>Threads</c>, <c>BatchSize</c>, <c>MainGpu</c>, <c>QueueLimit</c>, <c>ChatTemplate</c>,
/// <c>ChatTemplatePath</c>, <c>ToolCallFormat</c>).
/// </summary>
public sealed class GgufEngineOptions
{
    /// <summary>Gets or sets the folder holding the llama.cpp natives (libllama*.so, libggml*.so, libggml-base.so).</summary>
    /// <value>Defaults to <see langword="null"/>: <c>BENNY_LLAMA_NATIVE_DIR</c>, then <c>runtimes/&lt;rid&gt;/native</c> beside the app, then the repository's <c>build/natives</c>.</value>
    public string? NativeLibraryDirectory { get; set; }

    /// <summary>Gets or sets the context size in tokens.</summary>
    /// <value>Defaults to <see langword="null"/>: the model's training context, at most 4096. llama.cpp rounds it up to a multiple of 256; <see cref="GgufModelInfo.ContextSize"/> reports the size in use.</value>
    public int? ContextSize { get; set; }

    /// <summary>Gets or sets the logical batch size: how many prompt tokens one decode call processes.</summary>
    /// <value>Defaults to 512.</value>
    public int BatchSize { get; set; } = 512;

    /// <summary>Gets or sets the number of CPU threads for generation and prompt processing.</summary>
    /// <value>Defaults to <see langword="null"/>: the measured rule in docs/engines/gguf.md (1 thread for tiny models, the physical cores otherwise).</value>
    public int? Threads { get; set; }

    /// <summary>Gets or sets the backend.</summary>
    /// <value>Defaults to <see cref="GgufBackend.Auto"/>.</value>
    public GgufBackend Backend { get; set; } = GgufBackend.Auto;

    /// <summary>Gets or sets how many layers to offload to the GPU; a negative value means all.</summary>
    /// <value>Defaults to <see langword="null"/>: all layers on a GPU backend, none on the CPU.</value>
    public int? GpuLayers { get; set; }

    /// <summary>Gets or sets which GPU (counted among the chosen backend's GPUs, from 0) holds the model.</summary>
    /// <value>Defaults to 0.</value>
    public int MainGpu { get; set; }

    /// <summary>Gets or sets how many requests are decoded together (continuous batching over as many sequence slots).</summary>
    /// <value>Defaults to 1. The KV cache is unified, so every request can still use the whole context; see docs/engines/gguf.md for how requests share it.</value>
    public int Parallel { get; set; } = 1;

    /// <summary>Gets or sets how many requests may wait for a slot; one more fails with <see cref="GgufQueueFullException"/>.</summary>
    /// <value>Defaults to 64. 0 means no request waits: only <see cref="Parallel"/> run at once.</value>
    public int QueueLimit { get; set; } = 64;

    /// <summary>
    /// Gets or sets how long the model's idle CPU threads spin (busy-wait) for the next piece of work before they sleep:
    /// 0 = never (they sleep at once), 50 = llama.cpp's own level, 100 = aggressive. The threads belong to a pool the
    /// engine creates once per model and attaches to its context.
    /// </summary>
    /// <value>
    /// Defaults to <see langword="null"/>: <see cref="DefaultThreadPolling"/>. Measured in docs/engines/gguf.md: a persistent
    /// pool is faster than llama.cpp's per-decode threads when the machine is quiet and several times faster when
    /// another process competes for a core.
    /// </value>
    public int? ThreadPolling { get; set; }

    /// <summary>The polling level used when <see cref="ThreadPolling"/> is <see langword="null"/>.</summary>
    public const int DefaultThreadPolling = 50;

    /// <summary>
    /// Gets or sets whether the engine adapts the thread count while it runs: now and then a few decode steps run with
    /// one thread fewer (or one more, up to <see cref="Threads"/>) and the faster count is kept, so that a process
    /// competing for a core does not make every step wait for a descheduled thread.
    /// </summary>
    /// <value>
    /// Defaults to <see langword="null"/>: on when <see cref="Threads"/> is left to the thread rule, off when it is set
    /// (an explicit count is then used as given). Measured in docs/engines/gguf.md.
    /// </value>
    public bool? AdaptiveThreads { get; set; }

    /// <summary>Gets or sets whether the engine attaches its own thread pool; false leaves llama.cpp's per-decode threads (benchmarks compare the two).</summary>
    internal bool OwnThreadPool { get; set; } = true;

    /// <summary>Gets or sets a Jinja chat template (the text) used instead of the model's own <c>tokenizer.chat_template</c>.</summary>
    /// <value>Defaults to <see langword="null"/>: the model's template. Mutually exclusive with <see cref="ChatTemplatePath"/>.</value>
    public string? ChatTemplate { get; set; }

    /// <summary>Gets or sets a file holding a Jinja chat template used instead of the model's own (a leading <c>~</c> means the home folder).</summary>
    /// <value>Defaults to <see langword="null"/>: the model's template. Mutually exclusive with <see cref="ChatTemplate"/>.</value>
    public string? ChatTemplatePath { get; set; }

    /// <summary>Gets or sets how the model writes tool calls.</summary>
    /// <value>Defaults to <see langword="null"/>: detected from the chat template (<see cref="ToolCallFormatDetector"/>); <see cref="Runtime.Templates.ToolCalling.ToolCallFormat.None"/> turns tool calling off.</value>
    public ToolCallFormat? ToolCallFormat { get; set; }

    /// <summary>Gets or sets llama.cpp's flash-attention mode (tests: its multi-row CPU path rounds differently from the single-row one).</summary>
    /// <value>Defaults to <see cref="Native.LlamaFlashAttnType.Auto"/>.</value>
    internal Native.LlamaFlashAttnType FlashAttention { get; set; } = Native.LlamaFlashAttnType.Auto;
}
