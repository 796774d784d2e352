using System.Runtime.InteropServices;
using Benny.Engines.Gguf.Format;

namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>struct llama_context_params</c> of the pinned <c>llama.h</c>; passed by value to
/// <c>llama_init_from_model</c>. Blittable: C <c>bool</c> is a <see cref="byte"/> (0 or 1). The layout is
/// verified against the header by the layout test (<c>StructLayoutTests</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaContextParams
{
    /// <summary><c>n_ctx</c>: text context size; 0 takes it from the model.</summary>
    public uint NCtx;

    /// <summary><c>n_batch</c>: logical maximum batch size submitted to <c>llama_decode</c>.</summary>
    public uint NBatch;

    /// <summary><c>n_ubatch</c>: physical maximum batch size.</summary>
    public uint NUbatch;

    /// <summary><c>n_seq_max</c>: maximum number of sequences (distinct states for recurrent models).</summary>
    public uint NSeqMax;

    /// <summary><c>n_rs_seq</c>: recurrent-state snapshots per sequence for rollback; 0 means none (experimental).</summary>
    public uint NRsSeq;

    /// <summary><c>n_outputs_max</c>: maximum outputs in a ubatch; 0 means <see cref="NBatch"/>.</summary>
    public uint NOutputsMax;

    /// <summary><c>n_outputs_max_per_seq</c>: maximum outputs per sequence; 0 means <see cref="NOutputsMax"/>.</summary>
    public uint NOutputsMaxPerSeq;

    /// <summary><c>n_threads</c>: threads used for generation.</summary>
    public int NThreads;

    /// <summary><c>n_threads_batch</c>: threads used for batch (prompt) processing.</summary>
    public int NThreadsBatch;

    /// <summary><c>ctx_type</c>: the context type (default or MTP).</summary>
    public LlamaContextType CtxType;

    /// <summary><c>rope_scaling_type</c>: the RoPE scaling method.</summary>
    public LlamaRopeScalingType RopeScalingType;

    /// <summary><c>pooling_type</c>: how embedding results are pooled by sequence id.</summary>
    public LlamaPoolingType PoolingType;

    /// <summary><c>attention_type</c>: the attention used for embeddings.</summary>
    public LlamaAttentionType AttentionType;

    /// <summary><c>flash_attn_type</c>: when Flash Attention is used.</summary>
    public LlamaFlashAttnType FlashAttnType;

    /// <summary><c>rope_freq_base</c>: RoPE base frequency; 0 takes it from the model.</summary>
    public float RopeFreqBase;

    /// <summary><c>rope_freq_scale</c>: RoPE frequency scaling factor; 0 takes it from the model.</summary>
    public float RopeFreqScale;

    /// <summary><c>yarn_ext_factor</c>: YaRN extrapolation mix factor; negative takes it from the model.</summary>
    public float YarnExtFactor;

    /// <summary><c>yarn_attn_factor</c>: YaRN magnitude scaling factor.</summary>
    public float YarnAttnFactor;

    /// <summary><c>yarn_beta_fast</c>: YaRN low correction dimension.</summary>
    public float YarnBetaFast;

    /// <summary><c>yarn_beta_slow</c>: YaRN high correction dimension.</summary>
    public float YarnBetaSlow;

    /// <summary><c>yarn_orig_ctx</c>: YaRN original context size.</summary>
    public uint YarnOrigCtx;

    /// <summary><c>defrag_thold</c>: deprecated KV-cache defragmentation threshold; &lt;= 0 disables.</summary>
    public float DefragThold;

    /// <summary><c>cb_eval</c>: <c>ggml_backend_sched_eval_callback</c> (<c>ggml_tensor*</c>, C <c>bool</c> ask, user data) returning C <c>bool</c>; may be NULL.</summary>
    public delegate* unmanaged[Cdecl]<nint, byte, nint, byte> CbEval;

    /// <summary><c>cb_eval_user_data</c>: passed to <see cref="CbEval"/>.</summary>
    public nint CbEvalUserData;

    /// <summary><c>type_k</c>: data type of the K cache (experimental).</summary>
    public GgmlType TypeK;

    /// <summary><c>type_v</c>: data type of the V cache (experimental).</summary>
    public GgmlType TypeV;

    /// <summary><c>abort_callback</c>: <c>ggml_abort_callback</c>; returning true (1) aborts <c>llama_decode</c> (CPU only). May be NULL.</summary>
    public delegate* unmanaged[Cdecl]<nint, byte> AbortCallback;

    /// <summary><c>abort_callback_data</c>: passed to <see cref="AbortCallback"/>.</summary>
    public nint AbortCallbackData;

    /// <summary><c>embeddings</c>: extract embeddings together with logits (C <c>bool</c>).</summary>
    public byte Embeddings;

    /// <summary><c>offload_kqv</c>: offload the KQV ops, KV cache included, to the GPU (C <c>bool</c>).</summary>
    public byte OffloadKqv;

    /// <summary><c>no_perf</c>: disable performance timings (C <c>bool</c>).</summary>
    public byte NoPerf;

    /// <summary><c>op_offload</c>: offload host tensor operations to the device (C <c>bool</c>).</summary>
    public byte OpOffload;

    /// <summary><c>swa_full</c>: use a full-size SWA cache (C <c>bool</c>).</summary>
    public byte SwaFull;

    /// <summary><c>kv_unified</c>: one unified KV buffer across the input sequences (C <c>bool</c>).</summary>
    public byte KvUnified;

    /// <summary><c>samplers</c>: array of <c>llama_sampler_seq_config</c> (backend sampler chains, experimental); may be NULL.</summary>
    public nint Samplers;

    /// <summary><c>n_samplers</c>: number of entries in <see cref="Samplers"/>.</summary>
    public nuint NSamplers;

    /// <summary><c>ctx_other</c>: a source/target/parent <c>llama_context*</c> to share results or memory with; may be NULL.</summary>
    public nint CtxOther;
}
