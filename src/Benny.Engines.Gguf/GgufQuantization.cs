namespace Benny.Engines.Gguf;

/// <summary>A quantization that <see cref="GgufQuantizer"/> can produce.</summary>
#pragma warning disable CA1707 // Members keep llama.cpp's quantization names (Q8_0, Q4_K_M), which users search for.
public enum GgufQuantization
{
    /// <summary>8-bit, one scale per 32 weights (<c>LLAMA_FTYPE_MOSTLY_Q8_0</c>): near-lossless, about half of F16.</summary>
    Q8_0,

    /// <summary>4-bit k-quant, medium (<c>LLAMA_FTYPE_MOSTLY_Q4_K_M</c>): the usual size/quality trade-off; rows must be multiples of 256 for Q4_K.</summary>
    Q4_K_M,
}
#pragma warning restore CA1707
