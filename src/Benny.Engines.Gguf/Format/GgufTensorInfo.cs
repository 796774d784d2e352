namespace Benny.Engines.Gguf.Format;

/// <summary>The description of one tensor in a GGUF file: name, shape, element type and where its data lies.</summary>
/// <remarks>Dimensions are in ggml order: <c>Dimensions[0]</c> (ggml's <c>ne[0]</c>) is the innermost, contiguous one,
/// so a weight matrix of a linear layer from <c>n_in</c> to <c>n_out</c> has dimensions <c>[n_in, n_out]</c>.</remarks>
public sealed class GgufTensorInfo
{
    internal GgufTensorInfo(string name, IReadOnlyList<long> dimensions, GgmlType type, long offset, long elementCount, long byteSize)
    {
        Name = name;
        Dimensions = dimensions;
        Type = type;
        Offset = offset;
        ElementCount = elementCount;
        ByteSize = byteSize;
    }

    /// <summary>Gets the tensor name, for example <c>blk.0.attn_q.weight</c>.</summary>
    /// <value>The name (UTF-8, at most 63 bytes).</value>
    public string Name { get; }

    /// <summary>Gets the dimensions, innermost first (ggml's <c>ne</c>).</summary>
    /// <value>Zero to four dimensions.</value>
    public IReadOnlyList<long> Dimensions { get; }

    /// <summary>Gets the element type.</summary>
    /// <value>The ggml type.</value>
    public GgmlType Type { get; }

    /// <summary>Gets the offset of the tensor's data from the start of the data section (<see cref="GgufFile.DataOffset"/>).</summary>
    /// <value>A multiple of the file's alignment.</value>
    public long Offset { get; }

    /// <summary>Gets the number of elements (the product of the dimensions).</summary>
    /// <value>The element count.</value>
    public long ElementCount { get; }

    /// <summary>Gets the size of the tensor's data in bytes, from the type's block size and bytes per block.</summary>
    /// <value>The byte size, without alignment padding.</value>
    public long ByteSize { get; }

    /// <summary>Returns the name, type and shape, for example <c>token_embd.weight F32 [64, 512]</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Name} {Type} [{string.Join(", ", Dimensions)}]";
}
