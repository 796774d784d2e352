using Benny.Engines.Gguf.Format;

namespace Benny.Engines.Gguf.Tests.Format;

[TestFixture]
public sealed class GgufValueTests
{
    [Test]
    public void Create_UInt32_HasTypeAndValue()
    {
        GgufValue value = GgufValue.Create(7u);

        Assert.Multiple(() =>
        {
            Assert.That(value.Type, Is.EqualTo(GgufValueType.UInt32));
            Assert.That(value.ElementType, Is.Null);
            Assert.That(value.Get<uint>(), Is.EqualTo(7u));
            Assert.That(value.Value, Is.EqualTo(7u));
        });
    }

    [Test]
    public void Get_WrongType_ThrowsInvalidOperationException()
    {
        Assert.Throws<InvalidOperationException>(() => GgufValue.Create(7u).Get<int>());
    }

    [Test]
    public void GetArray_WrongElementType_ThrowsInvalidOperationException()
    {
        Assert.Throws<InvalidOperationException>(() => GgufValue.CreateArray(new[] { 1, 2 }).GetArray<uint>());
    }

    [Test]
    public void CreateArray_UnsupportedElementType_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => GgufValue.CreateArray(new[] { 1m }));
    }

    [Test]
    public void CreateArray_ArrayOfScalarValues_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => GgufValue.CreateArray(new[] { GgufValue.Create(1) }));
    }

    [Test]
    public void Create_LoneSurrogate_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => GgufValue.Create("a\uD800b"));
    }

    [Test]
    public void CreateArray_NullString_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => GgufValue.CreateArray(new string[] { "a", null! }));
    }

    [Test]
    public void CreateArray_SeventeenLevels_ThrowsArgumentException()
    {
        GgufValue value = GgufValue.CreateArray(new[] { 1 });
        for (int i = 0; i < 15; i++)
        {
            value = GgufValue.CreateArray(new[] { value });
        }

        Assert.Throws<ArgumentException>(() => GgufValue.CreateArray(new[] { value }));
    }

    [Test]
    public void Equals_SameElements_IsTrue()
    {
        GgufValue a = GgufValue.CreateArray(new[] { GgufValue.CreateArray(new[] { "x", "y" }), GgufValue.CreateArray(new[] { float.NaN }) });
        GgufValue b = GgufValue.CreateArray(new[] { GgufValue.CreateArray(new[] { "x", "y" }), GgufValue.CreateArray(new[] { float.NaN }) });

        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
    }

    [Test]
    public void Equals_SameNumberOfDifferentType_IsFalse()
    {
        Assert.That(GgufValue.Create(1), Is.Not.EqualTo(GgufValue.Create(1u)));
    }

    [Test]
    public void Value_Array_IsReadOnly()
    {
        object value = GgufValue.CreateArray(new[] { 1, 2, 3 }).Value;

        Assert.That(value, Is.InstanceOf<IReadOnlyList<int>>());
        Assert.That(value, Is.Not.InstanceOf<int[]>());
    }
}
