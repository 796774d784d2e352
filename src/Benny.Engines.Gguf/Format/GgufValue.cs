using System.Globalization;
using System.Text;

namespace Benny.Engines.Gguf.Format;

/// <summary>
/// An immutable GGUF metadata value: a scalar (integer, float, bool, string) or an array of one element type,
/// whose elements may be arrays themselves.
/// </summary>
/// <remarks>
/// Scalars are created with the <see cref="Create(byte)"/> overloads (the C# type picks the GGUF type), arrays with
/// <see cref="CreateArray{T}(IEnumerable{T})"/>. Equality is structural; floats compare by their bits, so a NaN equals itself.
/// </remarks>
public sealed class GgufValue : IEquatable<GgufValue>
{
    /// <summary>The deepest nesting of arrays the reader and the writer accept (an array of arrays is depth 2).</summary>
    internal const int MaxArrayDepth = 16;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly object _value;

    private GgufValue(GgufValueType type, GgufValueType? elementType, object value, int depth)
    {
        Type = type;
        ElementType = elementType;
        _value = value;
        Depth = depth;
    }

    /// <summary>Gets the type of the value.</summary>
    /// <value>The scalar type, or <see cref="GgufValueType.Array"/> for an array.</value>
    public GgufValueType Type { get; }

    /// <summary>Gets the type of the elements of an array.</summary>
    /// <value>The element type for an array (<see cref="GgufValueType.Array"/> for an array of arrays); <see langword="null"/> for a scalar.</value>
    public GgufValueType? ElementType { get; }

    /// <summary>Gets a value indicating whether the value is an array.</summary>
    /// <value><see langword="true"/> when <see cref="Type"/> is <see cref="GgufValueType.Array"/>.</value>
    public bool IsArray => Type == GgufValueType.Array;

    /// <summary>Gets the number of elements of an array.</summary>
    /// <value>The element count.</value>
    /// <exception cref="InvalidOperationException">The value is not an array.</exception>
    public int Count => IsArray ? ((Array)_value).Length : throw new InvalidOperationException($"The value is a {Type}, not an array.");

    /// <summary>Gets the value as an object.</summary>
    /// <value>The boxed scalar (<see cref="byte"/>, <see cref="string"/>, ...), or for an array a read-only
    /// <see cref="IReadOnlyList{T}"/> of the element type (<see cref="GgufValue"/> for an array of arrays).</value>
    public object Value => IsArray ? WrapArray((Array)_value) : _value;

    /// <summary>Gets the nesting depth: 0 for a scalar, 1 for an array of scalars, 2 for an array of arrays, ...</summary>
    internal int Depth { get; }

    /// <summary>Creates a <see cref="GgufValueType.UInt8"/> value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue Create(byte value) => new(GgufValueType.UInt8, null, value, 0);

    /// <summary>Creates an <see cref="GgufValueType.Int8"/> value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue Create(sbyte value) => new(GgufValueType.Int8, null, value, 0);

    /// <summary>Creates a <see cref="GgufValueType.UInt16"/> value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue Create(ushort value) => new(GgufValueType.UInt16, null, value, 0);

    /// <summary>Creates an <see cref="GgufValueType.Int16"/> value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue Create(short value) => new(GgufValueType.Int16, null, value, 0);

    /// <summary>Creates a <see cref="GgufValueType.UInt32"/> value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue Create(uint value) => new(GgufValueType.UInt32, null, value, 0);

    /// <summary>Creates an <see cref="GgufValueType.Int32"/> value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue Create(int value) => new(GgufValueType.Int32, null, value, 0);

    /// <summary>Creates a <see cref="GgufValueType.UInt64"/> value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue Create(ulong value) => new(GgufValueType.UInt64, null, value, 0);

    /// <summary>Creates an <see cref="GgufValueType.Int64"/> value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue Create(long value) => new(GgufValueType.Int64, null, value, 0);

    /// <summary>Creates a <see cref="GgufValueType.Float32"/> value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue Create(float value) => new(GgufValueType.Float32, null, value, 0);

    /// <summary>Creates a <see cref="GgufValueType.Float64"/> value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue Create(double value) => new(GgufValueType.Float64, null, value, 0);

    /// <summary>Creates a <see cref="GgufValueType.Bool"/> value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The GGUF value.</returns>
    public static GgufValue Create(bool value) => new(GgufValueType.Bool, null, value, 0);

    /// <summary>Creates a <see cref="GgufValueType.String"/> value.</summary>
    /// <param name="value">The string; it must be well-formed UTF-16 (no lone surrogates) so that it encodes to UTF-8.</param>
    /// <returns>The GGUF value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> contains a lone surrogate.</exception>
    public static GgufValue Create(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        EnsureEncodable(value, nameof(value));
        return new(GgufValueType.String, null, value, 0);
    }

    /// <summary>Creates an array value; the element type follows <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">
    /// <see cref="byte"/>, <see cref="sbyte"/>, <see cref="ushort"/>, <see cref="short"/>, <see cref="uint"/>, <see cref="int"/>,
    /// <see cref="ulong"/>, <see cref="long"/>, <see cref="float"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="string"/>,
    /// or <see cref="GgufValue"/> for an array of arrays (every element must then be an array).
    /// </typeparam>
    /// <param name="values">The elements, copied.</param>
    /// <returns>The GGUF array value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> or one of its strings or values is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a GGUF element type; a string contains a lone surrogate;
    /// an element of an array of arrays is not an array; or the arrays nest deeper than 16 levels.</exception>
    public static GgufValue CreateArray<T>(IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        GgufValueType elementType = ElementTypeOf(typeof(T))
            ?? throw new ArgumentException($"{typeof(T).Name} is not a GGUF element type.", nameof(values));
        T[] items = values.ToArray();
        int depth = 1;
        if (items is string[] strings)
        {
            foreach (string s in strings)
            {
                if (s is null)
                {
                    throw new ArgumentNullException(nameof(values), "A string element is null.");
                }

                EnsureEncodable(s, nameof(values));
            }
        }
        else if (items is GgufValue[] nested)
        {
            foreach (GgufValue v in nested)
            {
                if (v is null)
                {
                    throw new ArgumentNullException(nameof(values), "An element is null.");
                }

                if (!v.IsArray)
                {
                    throw new ArgumentException($"An element of an array of arrays is a {v.Type}, not an array.", nameof(values));
                }

                depth = Math.Max(depth, v.Depth + 1);
            }

            if (depth > MaxArrayDepth)
            {
                throw new ArgumentException($"The arrays nest {depth} levels deep; at most {MaxArrayDepth} are supported.", nameof(values));
            }
        }

        return new(GgufValueType.Array, elementType, items, depth);
    }

    /// <summary>Gets a scalar value as <typeparamref name="T"/>, which must be the C# type of <see cref="Type"/> exactly.</summary>
    /// <typeparam name="T">The C# type of the value, for example <see cref="uint"/> for <see cref="GgufValueType.UInt32"/>.</typeparam>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is an array or is not of type <typeparamref name="T"/>.</exception>
    public T Get<T>()
    {
        if (!IsArray && _value.GetType() == typeof(T) && _value is T typed)
        {
            return typed;
        }

        throw new InvalidOperationException($"The value is a {Describe()}, not a {typeof(T).Name}.");
    }

    /// <summary>Gets the elements of an array whose element type is exactly <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The C# type of the elements (<see cref="GgufValue"/> for an array of arrays).</typeparam>
    /// <returns>The elements, read-only.</returns>
    /// <exception cref="InvalidOperationException">The value is not an array of <typeparamref name="T"/>.</exception>
    public IReadOnlyList<T> GetArray<T>()
    {
        // Compare exact types: the runtime lets an int[] pass as a uint[] (and sbyte[] as byte[], ...).
        if (IsArray && _value.GetType() == typeof(T[]))
        {
            return Array.AsReadOnly((T[])_value);
        }

        throw new InvalidOperationException($"The value is a {Describe()}, not an array of {typeof(T).Name}.");
    }

    /// <summary>Determines whether this value equals another: same type, same element type, same elements.</summary>
    /// <param name="other">The other value.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(GgufValue? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return Type == other.Type && ElementType == other.ElementType && ObjectEquals(_value, other._value);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GgufValue);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.Add(ElementType);
        if (_value is Array array)
        {
            hash.Add(array.Length);
            if (array.Length > 0)
            {
                hash.Add(ScalarHash(array.GetValue(0)!));
            }
        }
        else
        {
            hash.Add(ScalarHash(_value));
        }

        return hash.ToHashCode();
    }

    /// <summary>Returns a short description: the scalar in invariant culture, or the element type and count of an array.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => IsArray
        ? $"{ElementType}[{Count}]"
        : Convert.ToString(_value, CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>Creates a value from parts the reader has already validated (no copy).</summary>
    internal static GgufValue FromReader(GgufValueType type, GgufValueType? elementType, object value, int depth)
        => new(type, elementType, value, depth);

    /// <summary>Gets the stored scalar or array without wrapping (for the writer).</summary>
    internal object RawValue => _value;

    /// <summary>Converts an integer value of any integer type to <see cref="long"/> when it fits.</summary>
    internal bool TryGetInt64(out long value)
    {
        switch (_value)
        {
            case byte v: value = v; return true;
            case sbyte v: value = v; return true;
            case ushort v: value = v; return true;
            case short v: value = v; return true;
            case uint v: value = v; return true;
            case int v: value = v; return true;
            case long v: value = v; return true;
            case ulong v when v <= long.MaxValue: value = (long)v; return true;
            default: value = 0; return false;
        }
    }

    /// <summary>Converts an integer value of any integer type to <see cref="ulong"/> when it is not negative.</summary>
    internal bool TryGetUInt64(out ulong value)
    {
        if (_value is ulong u)
        {
            value = u;
            return true;
        }

        if (TryGetInt64(out long l) && l >= 0)
        {
            value = (ulong)l;
            return true;
        }

        value = 0;
        return false;
    }

    internal static GgufValueType? ElementTypeOf(Type type) => type switch
    {
        _ when type == typeof(byte) => GgufValueType.UInt8,
        _ when type == typeof(sbyte) => GgufValueType.Int8,
        _ when type == typeof(ushort) => GgufValueType.UInt16,
        _ when type == typeof(short) => GgufValueType.Int16,
        _ when type == typeof(uint) => GgufValueType.UInt32,
        _ when type == typeof(int) => GgufValueType.Int32,
        _ when type == typeof(ulong) => GgufValueType.UInt64,
        _ when type == typeof(long) => GgufValueType.Int64,
        _ when type == typeof(float) => GgufValueType.Float32,
        _ when type == typeof(double) => GgufValueType.Float64,
        _ when type == typeof(bool) => GgufValueType.Bool,
        _ when type == typeof(string) => GgufValueType.String,
        _ when type == typeof(GgufValue) => GgufValueType.Array,
        _ => null,
    };

    private static void EnsureEncodable(string value, string paramName)
    {
        try
        {
            _ = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The string contains a lone surrogate and cannot be encoded as UTF-8.", paramName, ex);
        }
    }

    private object WrapArray(Array array) => ElementType switch
    {
        GgufValueType.UInt8 => Array.AsReadOnly((byte[])array),
        GgufValueType.Int8 => Array.AsReadOnly((sbyte[])array),
        GgufValueType.UInt16 => Array.AsReadOnly((ushort[])array),
        GgufValueType.Int16 => Array.AsReadOnly((short[])array),
        GgufValueType.UInt32 => Array.AsReadOnly((uint[])array),
        GgufValueType.Int32 => Array.AsReadOnly((int[])array),
        GgufValueType.UInt64 => Array.AsReadOnly((ulong[])array),
        GgufValueType.Int64 => Array.AsReadOnly((long[])array),
        GgufValueType.Float32 => Array.AsReadOnly((float[])array),
        GgufValueType.Float64 => Array.AsReadOnly((double[])array),
        GgufValueType.Bool => Array.AsReadOnly((bool[])array),
        GgufValueType.String => Array.AsReadOnly((string[])array),
        GgufValueType.Array => (object)Array.AsReadOnly((GgufValue[])array),
        _ => throw new InvalidOperationException("Unexpected array type."),
    };

    private static bool ObjectEquals(object a, object b) => (a, b) switch
    {
        (float x, float y) => BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(y),
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
        (float[] x, float[] y) => x.Length == y.Length && BitsEqual(x, y),
        (double[] x, double[] y) => x.Length == y.Length && x.Zip(y).All(p => BitConverter.DoubleToInt64Bits(p.First) == BitConverter.DoubleToInt64Bits(p.Second)),
        (string[] x, string[] y) => x.AsSpan().SequenceEqual(y, StringComparer.Ordinal),
        (GgufValue[] x, GgufValue[] y) => x.AsSpan().SequenceEqual(y),
        (Array x, Array y) => x.GetType() == y.GetType() && StructuralEquals(x, y),
        _ => a.Equals(b),
    };

    private static bool BitsEqual(float[] x, float[] y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(x[i]) != BitConverter.SingleToInt32Bits(y[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool StructuralEquals(Array x, Array y)
        => System.Collections.StructuralComparisons.StructuralEqualityComparer.Equals(x, y);

    private static int ScalarHash(object value) => value switch
    {
        float f => BitConverter.SingleToInt32Bits(f),
        double d => BitConverter.DoubleToInt64Bits(d).GetHashCode(),
        string s => StringComparer.Ordinal.GetHashCode(s),
        _ => value.GetHashCode(),
    };

    private string Describe() => IsArray ? $"array of {ElementType}" : Type.ToString();
}
