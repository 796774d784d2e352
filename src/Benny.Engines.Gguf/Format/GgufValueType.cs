namespace Benny.Engines.Gguf.Format;

/// <summary>The type of a GGUF metadata value, as stored in the file (<c>enum gguf_type</c>).</summary>
#pragma warning disable CA1720 // Members keep the type names of the GGUF specification, as System.TypeCode does.
public enum GgufValueType
{
    /// <summary>Unsigned 8-bit integer (<see cref="byte"/>).</summary>
    UInt8 = 0,

    /// <summary>Signed 8-bit integer (<see cref="sbyte"/>).</summary>
    Int8 = 1,

    /// <summary>Unsigned 16-bit integer (<see cref="ushort"/>).</summary>
    UInt16 = 2,

    /// <summary>Signed 16-bit integer (<see cref="short"/>).</summary>
    Int16 = 3,

    /// <summary>Unsigned 32-bit integer (<see cref="uint"/>).</summary>
    UInt32 = 4,

    /// <summary>Signed 32-bit integer (<see cref="int"/>).</summary>
    Int32 = 5,

    /// <summary>IEEE 754 single-precision number (<see cref="float"/>).</summary>
    Float32 = 6,

    /// <summary>Boolean stored as one byte (<see cref="bool"/>).</summary>
    Bool = 7,

    /// <summary>UTF-8 string with a 64-bit length prefix (<see cref="string"/>).</summary>
    String = 8,

    /// <summary>Array: an element type, a 64-bit count, then the elements (which may be arrays themselves).</summary>
    Array = 9,

    /// <summary>Unsigned 64-bit integer (<see cref="ulong"/>).</summary>
    UInt64 = 10,

    /// <summary>Signed 64-bit integer (<see cref="long"/>).</summary>
    Int64 = 11,

    /// <summary>IEEE 754 double-precision number (<see cref="double"/>).</summary>
    Float64 = 12,
}
#pragma warning restore CA1720
