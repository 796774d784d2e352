namespace Benny.Engines.Gguf.Format;

/// <summary>Block size (elements per block) and type size (bytes per block) of each <see cref="GgmlType"/>.</summary>
/// <remarks>Facts from ggml's type traits of the pinned release (<c>ggml_blck_size</c>, <c>ggml_type_size</c>).</remarks>
internal static class GgmlTypeTraits
{
    private const int QK_K = 256;

    /// <summary>Returns the block size and type size of <paramref name="type"/>, or false for a type ggml does not define.</summary>
    public static bool TryGet(GgmlType type, out int blockSize, out int typeSize)
    {
        (blockSize, typeSize) = type switch
        {
            GgmlType.F32 => (1, 4),
            GgmlType.F16 => (1, 2),
            GgmlType.Q4_0 => (32, 2 + 16),
            GgmlType.Q4_1 => (32, 2 + 2 + 16),
            GgmlType.Q5_0 => (32, 2 + 4 + 16),
            GgmlType.Q5_1 => (32, 2 + 2 + 4 + 16),
            GgmlType.Q8_0 => (32, 2 + 32),
            GgmlType.Q8_1 => (32, 2 + 2 + 32),
            GgmlType.Q2_K => (QK_K, 2 + 2 + (QK_K / 16) + (QK_K / 4)),
            GgmlType.Q3_K => (QK_K, 2 + (QK_K / 4) + (QK_K / 8) + 12),
            GgmlType.Q4_K => (QK_K, 2 + 2 + (QK_K / 2) + 12),
            GgmlType.Q5_K => (QK_K, 2 + 2 + (QK_K / 2) + (QK_K / 8) + 12),
            GgmlType.Q6_K => (QK_K, 2 + (QK_K / 2) + (QK_K / 4) + (QK_K / 16)),
            GgmlType.Q8_K => (QK_K, 4 + QK_K + (QK_K / 8)),
            GgmlType.IQ2_XXS => (QK_K, 2 + (QK_K / 4)),
            GgmlType.IQ2_XS => (QK_K, 2 + (QK_K / 4) + (QK_K / 32)),
            GgmlType.IQ3_XXS => (QK_K, 2 + (QK_K / 4) + (QK_K / 8)),
            GgmlType.IQ1_S => (QK_K, 2 + (QK_K / 8) + (QK_K / 16)),
            GgmlType.IQ4_NL => (32, 2 + 16),
            GgmlType.IQ3_S => (QK_K, 2 + (QK_K / 4) + (QK_K / 8) + (QK_K / 32) + 4),
            GgmlType.IQ2_S => (QK_K, 2 + (QK_K / 4) + (QK_K / 16)),
            GgmlType.IQ4_XS => (QK_K, 2 + 2 + (QK_K / 2) + (QK_K / 64)),
            GgmlType.I8 => (1, 1),
            GgmlType.I16 => (1, 2),
            GgmlType.I32 => (1, 4),
            GgmlType.I64 => (1, 8),
            GgmlType.F64 => (1, 8),
            GgmlType.IQ1_M => (QK_K, (QK_K / 8) + (QK_K / 16) + (QK_K / 32)),
            GgmlType.BF16 => (1, 2),
            GgmlType.TQ1_0 => (QK_K, 2 + (4 * 13)),
            GgmlType.TQ2_0 => (QK_K, 2 + 64),
            GgmlType.MXFP4 => (32, 1 + 16),
            GgmlType.NVFP4 => (64, 4 + 32),
            GgmlType.Q1_0 => (128, 2 + 16),
            GgmlType.Q2_0 => (64, 2 + 16),
            _ => (0, 0),
        };
        return blockSize != 0;
    }

    /// <summary>
    /// Computes the element count and byte size of a tensor, or returns a reason why the shape is invalid
    /// (unknown type, negative dimension, row not a multiple of the block size, overflow of <see cref="long"/>).
    /// </summary>
    public static string? TryComputeSize(GgmlType type, IReadOnlyList<long> dimensions, out long elementCount, out long byteSize)
    {
        elementCount = 0;
        byteSize = 0;
        if (!TryGet(type, out int blockSize, out int typeSize))
        {
            return $"unknown ggml type {(int)type}";
        }

        long count = 1;
        for (int i = 0; i < dimensions.Count; i++)
        {
            long d = dimensions[i];
            if (d < 0)
            {
                return $"dimension {i} is negative ({d})";
            }

            if (d != 0 && count > long.MaxValue / d)
            {
                return $"the element count of shape [{string.Join(", ", dimensions)}] overflows a 64-bit integer";
            }

            count *= d;
        }

        long row = dimensions.Count > 0 ? dimensions[0] : 1;
        if (row % blockSize != 0)
        {
            return $"{row} elements per row is not a multiple of the block size {blockSize} of type {type}";
        }

        long blocks = count / blockSize;
        if (blocks > long.MaxValue / typeSize)
        {
            return $"the byte size of shape [{string.Join(", ", dimensions)}] of type {type} overflows a 64-bit integer";
        }

        elementCount = count;
        byteSize = blocks * typeSize;
        return null;
    }
}
