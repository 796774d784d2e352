using Benny.Runtime.Presets;

namespace Benny.Runtime.Registry;

/// <summary>
/// One entry of the model registry: which engine serves a model name, from which artifact, with which
/// load settings, generation preset and prompt. Bound from configuration (<c>Benny:Models:&lt;name&gt;</c>)
/// or built in code.
/// </summary>
/// <remarks>
/// An entry either describes a model to load (<see cref="Engine"/> and <see cref="Path"/>) or is an
/// alias (<see cref="AliasOf"/>) that serves another entry's loaded instance with its own purpose,
/// preset and prompt. Purpose and size are parsed from Benny names (<c>benny-&lt;purpose&gt;-&lt;s|m&gt;</c>)
/// when they are not given.
/// </remarks>
public sealed record ModelDefinition
{
    /// <summary>Gets or sets the model name. When bound from configuration, the key of the entry.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the engine that loads the model (<c>gguf</c>, <c>openvino</c> or any registered engine).</summary>
    /// <value>Required unless <see cref="AliasOf"/> is set.</value>
    public string? Engine { get; set; }

    /// <summary>Gets or sets the model artifact: a file (GGUF) or a folder (OpenVINO IR). A leading <c>~</c> means the user's home folder.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// Gets or sets where the artifact can be downloaded from: <c>hf://&lt;owner&gt;/&lt;repo&gt;[@&lt;revision&gt;]/&lt;file&gt;</c>
    /// for one file (GGUF), or <c>hf://&lt;owner&gt;/&lt;repo&gt;[@&lt;revision&gt;]</c> for a whole model folder (OpenVINO IR).
    /// </summary>
    /// <value>
    /// Defaults to the built-in catalog's source for the model's name and engine when <see cref="Path"/> is not set either;
    /// an entry with its own <see cref="Path"/> and no source is never downloaded. Without a <see cref="Path"/>, the artifact
    /// lives in the provisioning cache (<c>Benny:Provisioning:CacheDirectory</c>).
    /// </value>
    public string? Source { get; set; }

    /// <summary>Gets or sets the expected SHA-256 (hex) of a single-file <see cref="Source"/>; checked after a download.</summary>
    /// <value>Defaults to the catalog's hash, else the one the server announces (Hugging Face's <c>X-Linked-Etag</c>); unchecked when neither gives one.</value>
    public string? Sha256 { get; set; }

    /// <summary>Gets or sets whether a missing artifact is downloaded from <see cref="Source"/> when the model is first requested.</summary>
    /// <value>Defaults to the <c>auto_download</c> metadata of imported profiles, else <c>Benny:Provisioning:AutoDownload</c> (off).</value>
    public bool? AutoDownload { get; set; }

    /// <summary>Gets or sets the weight format (for example <c>int4</c>, <c>int8</c>, <c>fp16</c>, <c>Q4_K_M</c>); informational unless the engine uses it.</summary>
    public string? WeightFormat { get; set; }

    /// <summary>Gets or sets the purpose (<c>route</c>, <c>clean</c>, <c>tool</c>, ...). Parsed from a Benny name when <see langword="null"/>.</summary>
    public string? Purpose { get; set; }

    /// <summary>Gets or sets the size class. Parsed from a Benny name when <see langword="null"/>.</summary>
    public ModelSize? Size { get; set; }

    /// <summary>Gets or sets the name of the generation preset to start from (a built-in purpose preset or one under <c>Benny:Presets</c>).</summary>
    /// <value>Defaults to the model's purpose preset.</value>
    public string? Preset { get; set; }

    /// <summary>Gets or sets the model's own generation parameters, which override the named preset.</summary>
    public GenerationPreset? Parameters { get; set; }

    /// <summary>Gets or sets the id of the prompt template injected for this model.</summary>
    /// <value>Defaults to the model's <see cref="Name"/>.</value>
    public string? Prompt { get; set; }

    /// <summary>Gets or sets the name of another entry whose loaded instance this name serves.</summary>
    public string? AliasOf { get; set; }

    /// <summary>Gets or sets the device the engine runs on (<c>CPU</c>, <c>GPU</c>, <c>NPU</c>, <c>AUTO</c>, ...).</summary>
    public string? Device { get; set; }

    /// <summary>Gets or sets the backend of engines that have several (<c>Cpu</c>, <c>Vulkan</c>, <c>Cuda</c>, <c>Hip</c>).</summary>
    public string? Backend { get; set; }

    /// <summary>Gets or sets how many layers to offload to a GPU (engines that support offloading).</summary>
    public int? GpuLayers { get; set; }

    /// <summary>Gets or sets the context size in tokens.</summary>
    public int? ContextSize { get; set; }

    /// <summary>Gets or sets how many sequences the engine decodes in parallel.</summary>
    public int? Parallel { get; set; }

    /// <summary>
    /// Gets or sets whether the model also serves embeddings: a keyed <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>
    /// (and the server's <c>POST /v1/embeddings</c>) from the same loaded weights as its chat client. Part of the load identity.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>. Only engines that make embeddings accept it (<c>gguf</c>, not <c>openvino</c>).</value>
    public bool Embeddings { get; set; }

    /// <summary>
    /// Gets or sets whether the model serves chat. An embedding model sets <see cref="Chat"/> to <see langword="false"/> and
    /// <see cref="Embeddings"/> to <see langword="true"/>: the engine then creates no chat context, and chat requests fail
    /// saying so. Part of the load identity.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Chat { get; set; } = true;

    /// <summary>Gets engine-specific load settings that have no typed property. Part of the load identity.</summary>
    public Dictionary<string, string> Settings { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets descriptive facts about the model (source model, task, importer); not part of the load identity.</summary>
    public Dictionary<string, string> Metadata { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the purpose: <see cref="Purpose"/>, else the one parsed from a Benny <see cref="Name"/>.</summary>
    /// <returns>The lower-case purpose, or <see langword="null"/> when neither gives one.</returns>
    public string? GetEffectivePurpose()
        => Purpose?.ToLowerInvariant() ?? (BennyName.TryParse(Name, out BennyName parsed) ? parsed.Purpose : null);

    /// <summary>Gets the size: <see cref="Size"/>, else the one parsed from a Benny <see cref="Name"/>.</summary>
    /// <returns>The size, or <see langword="null"/> when neither gives one.</returns>
    public ModelSize? GetEffectiveSize()
        => Size ?? (BennyName.TryParse(Name, out BennyName parsed) ? parsed.Size : null);
}
