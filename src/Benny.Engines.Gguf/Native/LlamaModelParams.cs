using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>struct llama_model_params</c> of the pinned <c>llama.h</c>; passed by value to
/// <c>llama_model_load_from_file</c>. Blittable: C <c>bool</c> is a <see cref="byte"/> (0 or 1). The layout is
/// verified against the header by the layout test (<c>StructLayoutTests</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaModelParams
{
    /// <summary><c>devices</c>: NULL-terminated array of <c>ggml_backend_dev_t</c> to offload to; NULL means all available devices.</summary>
    public nint Devices;

    /// <summary><c>tensor_buft_overrides</c>: array of <c>llama_model_tensor_buft_override</c> (pattern to buffer type), NULL-pattern terminated; may be NULL.</summary>
    public nint TensorBuftOverrides;

    /// <summary><c>n_gpu_layers</c>: number of layers stored in VRAM; negative means all.</summary>
    public int NGpuLayers;

    /// <summary><c>split_mode</c>: how the model is split across GPUs.</summary>
    public LlamaSplitMode SplitMode;

    /// <summary><c>load_mode</c>: how the model file is read (mmap, mlock, direct I/O).</summary>
    public LlamaLoadMode LoadMode;

    /// <summary><c>lazy_mode</c>: on-demand reading of tensors the architecture marks.</summary>
    public LlamaLazyMode LazyMode;

    /// <summary><c>main_gpu</c>: the GPU used for the whole model when <see cref="SplitMode"/> is <see cref="LlamaSplitMode.None"/>.</summary>
    public int MainGpu;

    /// <summary><c>tensor_split</c>: proportion of the model offloaded to each GPU (<c>llama_max_devices()</c> entries); may be NULL.</summary>
    public float* TensorSplit;

    /// <summary><c>progress_callback</c>: called with load progress in [0, 1] and the user data; returning false (0) aborts the load. May be NULL.</summary>
    public delegate* unmanaged[Cdecl]<float, nint, byte> ProgressCallback;

    /// <summary><c>progress_callback_user_data</c>: passed to <see cref="ProgressCallback"/>.</summary>
    public nint ProgressCallbackUserData;

    /// <summary><c>kv_overrides</c>: array of <c>llama_model_kv_override</c> overriding model metadata, empty-key terminated; may be NULL.</summary>
    public nint KvOverrides;

    /// <summary><c>vocab_only</c>: load only the vocabulary, no weights (C <c>bool</c>).</summary>
    public byte VocabOnly;

    /// <summary><c>check_tensors</c>: validate the tensor data (C <c>bool</c>).</summary>
    public byte CheckTensors;

    /// <summary><c>use_extra_bufts</c>: use extra buffer types, e.g. for weight repacking (C <c>bool</c>).</summary>
    public byte UseExtraBufts;

    /// <summary><c>no_host</c>: bypass the host buffer so extra buffers can be used (C <c>bool</c>).</summary>
    public byte NoHost;

    /// <summary><c>no_alloc</c>: only load metadata and simulate memory allocations (C <c>bool</c>).</summary>
    public byte NoAlloc;

    /// <summary><c>load_mtp</c>: load the multi-token-prediction layers (C <c>bool</c>).</summary>
    public byte LoadMtp;
}
