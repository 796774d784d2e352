using System.Runtime.InteropServices;
using Benny.Engines.Gguf.Format;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>struct llama_model_quantize_params</c> of the pinned <c>llama.h</c>; passed by pointer to
/// <c>llama_model_quantize</c>. Blittable: C <c>bool</c> is a <see cref="byte"/> (0 or 1). The layout is verified
/// against the header by the layout test (<c>StructLayoutTests</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaModelQuantizeParams
{
    /// <summary><c>nthread</c>: threads used for quantizing; &lt;= 0 uses the hardware concurrency.</summary>
    public int Nthread;

    /// <summary><c>ftype</c>: the target file type.</summary>
    public LlamaFtype Ftype;

    /// <summary><c>output_tensor_type</c>: the type of the output tensor.</summary>
    public GgmlType OutputTensorType;

    /// <summary><c>token_embedding_type</c>: the type of the token embedding tensor.</summary>
    public GgmlType TokenEmbeddingType;

    /// <summary><c>allow_requantize</c>: allow quantizing tensors that are not F32/F16 (C <c>bool</c>).</summary>
    public byte AllowRequantize;

    /// <summary><c>quantize_output_tensor</c>: quantize <c>output.weight</c> (C <c>bool</c>).</summary>
    public byte QuantizeOutputTensor;

    /// <summary><c>only_copy</c>: only copy tensors; ftype, allow_requantize and quantize_output_tensor are ignored (C <c>bool</c>).</summary>
    public byte OnlyCopy;

    /// <summary><c>pure</c>: quantize every tensor to the default type (C <c>bool</c>).</summary>
    public byte Pure;

    /// <summary><c>keep_split</c>: keep the number of shards (C <c>bool</c>).</summary>
    public byte KeepSplit;

    /// <summary><c>dry_run</c>: report the final size without quantizing (C <c>bool</c>).</summary>
    public byte DryRun;

    /// <summary><c>imatrix</c>: <c>llama_model_imatrix_data*</c> importance-matrix data; may be NULL.</summary>
    public nint Imatrix;

    /// <summary><c>kv_overrides</c>: <c>llama_model_kv_override*</c> metadata overrides; may be NULL.</summary>
    public nint KvOverrides;

    /// <summary><c>tt_overrides</c>: <c>llama_model_tensor_override*</c> per-tensor type overrides; may be NULL.</summary>
    public nint TtOverrides;

    /// <summary><c>prune_layers</c>: indices of layers to prune; may be NULL.</summary>
    public int* PruneLayers;

    /// <summary><c>max_buf_size</c>: maximum bytes of tensor rows kept in memory at once; 0 means the default (8 GiB).</summary>
    public nuint MaxBufSize;
}
