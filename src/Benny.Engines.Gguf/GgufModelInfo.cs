namespace Benny.Engines.Gguf;

/// <summary>Facts about a loaded GGUF model and how it runs; from <c>chatClient.GetService&lt;GgufModelInfo&gt;()</c>.</summary>
/// <param name="Path">The model file.</param>
/// <param name="Name">The model's <c>general.name</c>, if any.</param>
/// <param name="Architecture">The model's <c>general.architecture</c> (<c>llama</c>, <c>qwen2</c>, ...).</param>
/// <param name="Description">llama.cpp's description: architecture, size and quantization (for example <c>llama ?B F32</c> or <c>qwen2 7B Q4_K - Medium</c>).</param>
/// <param name="Quantization">The weights' file type (<c>general.file_type</c>): <c>F32</c>, <c>F16</c>, <c>Q8_0</c>, <c>Q4_K_M</c>, ...; for a file without that key, the type holding most of the weight matrices' bytes.</param>
/// <param name="ParameterCount">The number of parameters.</param>
/// <param name="SizeBytes">The size of the weights in bytes.</param>
/// <param name="LayerCount">The number of layers.</param>
/// <param name="EmbeddingLength">The embedding width.</param>
/// <param name="VocabularySize">The number of tokens.</param>
/// <param name="TrainContextLength">The context length the model was trained with.</param>
/// <param name="ContextSize">The context size of this instance.</param>
/// <param name="BatchSize">The logical batch size.</param>
/// <param name="SequenceSlots">The number of sequence slots.</param>
/// <param name="Threads">The CPU threads used.</param>
/// <param name="Backend">The backend the model runs on.</param>
/// <param name="Devices">The devices it was given (empty on the CPU backend).</param>
/// <param name="GpuLayers">Layers offloaded (negative = all).</param>
/// <param name="ChatTemplate">The chat template, or <see langword="null"/> when prompts are the plain concatenation of messages.</param>
/// <param name="LlamaVersion">The llama.cpp version of the natives.</param>
public sealed record GgufModelInfo(
    string Path,
    string? Name,
    string? Architecture,
    string Description,
    string? Quantization,
    long ParameterCount,
    long SizeBytes,
    int LayerCount,
    int EmbeddingLength,
    int VocabularySize,
    int TrainContextLength,
    int ContextSize,
    int BatchSize,
    int SequenceSlots,
    int Threads,
    GgufBackend Backend,
    IReadOnlyList<GgufDevice> Devices,
    int GpuLayers,
    string? ChatTemplate,
    string LlamaVersion);
