namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>enum llama_ftype</c> of the pinned <c>llama.h</c>: the file type (main quantization) of a model,
/// the target of <see cref="LlamaModelQuantizeParams.Ftype"/>. Values are verified against the header by the enum value test.
/// </summary>
/// <remarks>
/// Member names drop the <c>LLAMA_FTYPE_</c> prefix. A name holding a digit is a type name and is kept verbatim
/// (<c>LLAMA_FTYPE_MOSTLY_Q4_K_M</c> is <see cref="MOSTLY_Q4_K_M"/>); any other name is PascalCased
/// (<c>LLAMA_FTYPE_GUESSED</c> is <see cref="Guessed"/>). "Mostly" types keep 1-D tensors in higher precision;
/// numbers missing from the sequence belong to file types removed from llama.cpp.
/// </remarks>
internal enum LlamaFtype
{
    /// <summary><c>LLAMA_FTYPE_ALL_F32</c>: all tensors 32-bit float.</summary>
    ALL_F32 = 0,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_F16</c>: 16-bit float (except 1-D tensors).</summary>
    MOSTLY_F16 = 1,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q4_0</c>: Q4_0 (except 1-D tensors).</summary>
    MOSTLY_Q4_0 = 2,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q4_1</c>: Q4_1 (except 1-D tensors).</summary>
    MOSTLY_Q4_1 = 3,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q8_0</c>: Q8_0 (except 1-D tensors).</summary>
    MOSTLY_Q8_0 = 7,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q5_0</c>: Q5_0 (except 1-D tensors).</summary>
    MOSTLY_Q5_0 = 8,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q5_1</c>: Q5_1 (except 1-D tensors).</summary>
    MOSTLY_Q5_1 = 9,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q2_K</c>: Q2_K (except 1-D tensors).</summary>
    MOSTLY_Q2_K = 10,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q3_K_S</c>: Q3_K, small (except 1-D tensors).</summary>
    MOSTLY_Q3_K_S = 11,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q3_K_M</c>: Q3_K, medium (except 1-D tensors).</summary>
    MOSTLY_Q3_K_M = 12,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q3_K_L</c>: Q3_K, large (except 1-D tensors).</summary>
    MOSTLY_Q3_K_L = 13,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q4_K_S</c>: Q4_K, small (except 1-D tensors).</summary>
    MOSTLY_Q4_K_S = 14,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q4_K_M</c>: Q4_K, medium (except 1-D tensors).</summary>
    MOSTLY_Q4_K_M = 15,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q5_K_S</c>: Q5_K, small (except 1-D tensors).</summary>
    MOSTLY_Q5_K_S = 16,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q5_K_M</c>: Q5_K, medium (except 1-D tensors).</summary>
    MOSTLY_Q5_K_M = 17,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q6_K</c>: Q6_K (except 1-D tensors).</summary>
    MOSTLY_Q6_K = 18,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_IQ2_XXS</c>: IQ2_XXS (except 1-D tensors).</summary>
    MOSTLY_IQ2_XXS = 19,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_IQ2_XS</c>: IQ2_XS (except 1-D tensors).</summary>
    MOSTLY_IQ2_XS = 20,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q2_K_S</c>: Q2_K, small (except 1-D tensors).</summary>
    MOSTLY_Q2_K_S = 21,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_IQ3_XS</c>: IQ3_XS (except 1-D tensors).</summary>
    MOSTLY_IQ3_XS = 22,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_IQ3_XXS</c>: IQ3_XXS (except 1-D tensors).</summary>
    MOSTLY_IQ3_XXS = 23,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_IQ1_S</c>: IQ1_S (except 1-D tensors).</summary>
    MOSTLY_IQ1_S = 24,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_IQ4_NL</c>: IQ4_NL (except 1-D tensors).</summary>
    MOSTLY_IQ4_NL = 25,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_IQ3_S</c>: IQ3_S (except 1-D tensors).</summary>
    MOSTLY_IQ3_S = 26,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_IQ3_M</c>: IQ3_M (except 1-D tensors).</summary>
    MOSTLY_IQ3_M = 27,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_IQ2_S</c>: IQ2_S (except 1-D tensors).</summary>
    MOSTLY_IQ2_S = 28,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_IQ2_M</c>: IQ2_M (except 1-D tensors).</summary>
    MOSTLY_IQ2_M = 29,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_IQ4_XS</c>: IQ4_XS (except 1-D tensors).</summary>
    MOSTLY_IQ4_XS = 30,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_IQ1_M</c>: IQ1_M (except 1-D tensors).</summary>
    MOSTLY_IQ1_M = 31,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_BF16</c>: bfloat16 (except 1-D tensors).</summary>
    MOSTLY_BF16 = 32,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_TQ1_0</c>: TQ1_0 (except 1-D tensors).</summary>
    MOSTLY_TQ1_0 = 36,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_TQ2_0</c>: TQ2_0 (except 1-D tensors).</summary>
    MOSTLY_TQ2_0 = 37,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_MXFP4_MOE</c>: MXFP4 for MoE experts (except 1-D tensors).</summary>
    MOSTLY_MXFP4_MOE = 38,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_NVFP4</c>: NVFP4 (except 1-D tensors).</summary>
    MOSTLY_NVFP4 = 39,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q1_0</c>: Q1_0 (except 1-D tensors).</summary>
    MOSTLY_Q1_0 = 40,

    /// <summary><c>LLAMA_FTYPE_MOSTLY_Q2_0</c>: Q2_0 (except 1-D tensors).</summary>
    MOSTLY_Q2_0 = 41,

    /// <summary><c>LLAMA_FTYPE_GUESSED</c>: not stored in the model file; guessed from the tensors.</summary>
    Guessed = 1024,
}
