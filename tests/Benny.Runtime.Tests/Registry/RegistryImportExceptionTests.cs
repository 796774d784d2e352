using Benny.Runtime.Registry;

namespace Benny.Runtime.Tests.Registry;

[TestFixture]
public sealed class RegistryImportExceptionTests
{
    [Test]
    public void Ctor_FileAndJsonPath_ExposesThem()
    {
        var inner = new InvalidOperationException("inner");

        var exception = new RegistryImportException("message", "/tmp/registry.json", "$.models", inner);

        Assert.Multiple(() =>
        {
            Assert.That(exception.Message, Is.EqualTo("message"));
            Assert.That(exception.FilePath, Is.EqualTo("/tmp/registry.json"));
            Assert.That(exception.JsonPath, Is.EqualTo("$.models"));
            Assert.That(exception.InnerException, Is.SameAs(inner));
        });
    }

    [Test]
    public void Ctor_NullFilePath_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => _ = new RegistryImportException("message", null!, "$"));
    }

    [Test]
    public void Ctor_MessageOnly_HasEmptyFilePathAndNoJsonPath()
    {
        var exception = new RegistryImportException("message");

        Assert.Multiple(() =>
        {
            Assert.That(exception.FilePath, Is.Empty);
            Assert.That(exception.JsonPath, Is.Null);
        });
    }

    [Test]
    public void Ctor_Parameterless_HasMessage()
    {
        Assert.That(new RegistryImportException().Message, Is.Not.Empty);
    }
}
