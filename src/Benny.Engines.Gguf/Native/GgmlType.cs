namespace Benny.Engines.Gguf.Native;

/// <summary>
/// Mirrors C <c>enum ggml_type</c> of the pinned <c>ggml.h</c>: the data type of a tensor (for example of the KV cache).
/// Values are verified against the header by the enum value test.
/// </summary>
/// <remarks>
/// Member names drop the <c>GGML_TYPE_</c> prefix. A name holding a digit is a type name and is kept verbatim
/// (<c>GGML_TYPE_Q4_K</c> is <see cref="Q4_K"/>); any other name is PascalCased (<c>GGML_TYPE_COUNT</c> is <see cref="Count"/>).
/// Numbers missing from the sequence belong to types removed from ggml.
/// </remarks>
internal enum GgmlType
{
    /// <summary><c>GGML_TYPE_F32</c>: 32-bit float.</summary>
    F32 = 0,

    /// <summary><c>GGML_TYPE_F16</c>: 16-bit float.</summary>
    F16 = 1,

    /// <summary><c>GGML_TYPE_Q4_0</c>: 4-bit quantization, 32-value blocks, one scale.</summary>
    Q4_0 = 2,

    /// <summary><c>GGML_TYPE_Q4_1</c>: 4-bit quantization, 32-value blocks, scale and minimum.</summary>
    Q4_1 = 3,

    /// <summary><c>GGML_TYPE_Q5_0</c>: 5-bit quantization, 32-value blocks, one scale.</summary>
    Q5_0 = 6,

    /// <summary><c>GGML_TYPE_Q5_1</c>: 5-bit quantization, 32-value blocks, scale and minimum.</summary>
    Q5_1 = 7,

    /// <summary><c>GGML_TYPE_Q8_0</c>: 8-bit quantization, 32-value blocks, one scale.</summary>
    Q8_0 = 8,

    /// <summary><c>GGML_TYPE_Q8_1</c>: 8-bit quantization, 32-value blocks, scale and sum.</summary>
    Q8_1 = 9,

    /// <summary><c>GGML_TYPE_Q2_K</c>: 2-bit k-quant.</summary>
    Q2_K = 10,

    /// <summary><c>GGML_TYPE_Q3_K</c>: 3-bit k-quant.</summary>
    Q3_K = 11,

    /// <summary><c>GGML_TYPE_Q4_K</c>: 4-bit k-quant.</summary>
    Q4_K = 12,

    /// <summary><c>GGML_TYPE_Q5_K</c>: 5-bit k-quant.</summary>
    Q5_K = 13,

    /// <summary><c>GGML_TYPE_Q6_K</c>: 6-bit k-quant.</summary>
    Q6_K = 14,

    /// <summary><c>GGML_TYPE_Q8_K</c>: 8-bit k-quant (intermediate type for dot products).</summary>
    Q8_K = 15,

    /// <summary><c>GGML_TYPE_IQ2_XXS</c>: 2-bit i-quant, extra-extra-small.</summary>
    IQ2_XXS = 16,

    /// <summary><c>GGML_TYPE_IQ2_XS</c>: 2-bit i-quant, extra-small.</summary>
    IQ2_XS = 17,

    /// <summary><c>GGML_TYPE_IQ3_XXS</c>: 3-bit i-quant, extra-extra-small.</summary>
    IQ3_XXS = 18,

    /// <summary><c>GGML_TYPE_IQ1_S</c>: 1-bit i-quant, small.</summary>
    IQ1_S = 19,

    /// <summary><c>GGML_TYPE_IQ4_NL</c>: 4-bit non-linear i-quant.</summary>
    IQ4_NL = 20,

    /// <summary><c>GGML_TYPE_IQ3_S</c>: 3-bit i-quant, small.</summary>
    IQ3_S = 21,

    /// <summary><c>GGML_TYPE_IQ2_S</c>: 2-bit i-quant, small.</summary>
    IQ2_S = 22,

    /// <summary><c>GGML_TYPE_IQ4_XS</c>: 4-bit i-quant, extra-small.</summary>
    IQ4_XS = 23,

    /// <summary><c>GGML_TYPE_I8</c>: 8-bit integer.</summary>
    I8 = 24,

    /// <summary><c>GGML_TYPE_I16</c>: 16-bit integer.</summary>
    I16 = 25,

    /// <summary><c>GGML_TYPE_I32</c>: 32-bit integer.</summary>
    I32 = 26,

    /// <summary><c>GGML_TYPE_I64</c>: 64-bit integer.</summary>
    I64 = 27,

    /// <summary><c>GGML_TYPE_F64</c>: 64-bit float.</summary>
    F64 = 28,

    /// <summary><c>GGML_TYPE_IQ1_M</c>: 1-bit i-quant, medium.</summary>
    IQ1_M = 29,

    /// <summary><c>GGML_TYPE_BF16</c>: bfloat16.</summary>
    BF16 = 30,

    /// <summary><c>GGML_TYPE_TQ1_0</c>: ternary quantization, 1.69 bits per weight.</summary>
    TQ1_0 = 34,

    /// <summary><c>GGML_TYPE_TQ2_0</c>: ternary quantization, 2.06 bits per weight.</summary>
    TQ2_0 = 35,

    /// <summary><c>GGML_TYPE_MXFP4</c>: MXFP4 (one block).</summary>
    MXFP4 = 39,

    /// <summary><c>GGML_TYPE_NVFP4</c>: NVFP4 (four blocks, E4M3 scale).</summary>
    NVFP4 = 40,

    /// <summary><c>GGML_TYPE_Q1_0</c>: 1-bit quantization.</summary>
    Q1_0 = 41,

    /// <summary><c>GGML_TYPE_Q2_0</c>: 2-bit quantization.</summary>
    Q2_0 = 42,

    /// <summary><c>GGML_TYPE_COUNT</c>: the number of type slots (not a type).</summary>
    Count = 43,
}
