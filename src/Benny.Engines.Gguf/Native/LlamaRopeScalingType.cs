namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>enum llama_rope_scaling_type</c> of the pinned <c>llama.h</c>: the RoPE scaling method.
/// Values are verified against the header by the enum value test.
/// </summary>
internal enum LlamaRopeScalingType
{
    /// <summary><c>LLAMA_ROPE_SCALING_TYPE_UNSPECIFIED</c>: take it from the model.</summary>
    Unspecified = -1,

    /// <summary><c>LLAMA_ROPE_SCALING_TYPE_NONE</c>: no scaling.</summary>
    None = 0,

    /// <summary><c>LLAMA_ROPE_SCALING_TYPE_LINEAR</c>: linear scaling.</summary>
    Linear = 1,

    /// <summary><c>LLAMA_ROPE_SCALING_TYPE_YARN</c>: YaRN scaling.</summary>
    Yarn = 2,

    /// <summary><c>LLAMA_ROPE_SCALING_TYPE_LONGROPE</c>: LongRoPE scaling.</summary>
    Longrope = 3,

    /// <summary><c>LLAMA_ROPE_SCALING_TYPE_MAX_VALUE</c>: the largest value (an alias of <see cref="Longrope"/>).</summary>
    MaxValue = Longrope,
}
