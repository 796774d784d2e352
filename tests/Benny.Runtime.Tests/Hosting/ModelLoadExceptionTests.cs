using Benny.Runtime.Hosting;

namespace Benny.Runtime.Tests.Hosting;

public sealed class ModelLoadExceptionTests
{
    [Test]
    public void Ctor_ProviderFailure_MessageNamesModelEngineAndPathAndWhatToCheck()
    {
        var inner = new FileNotFoundException("file not found");

        var ex = new ModelLoadException("benny-route-s", "gguf", "/models/x.gguf", inner);

        Assert.Multiple(() =>
        {
            Assert.That(ex.ModelName, Is.EqualTo("benny-route-s"));
            Assert.That(ex.Engine, Is.EqualTo("gguf"));
            Assert.That(ex.Path, Is.EqualTo("/models/x.gguf"));
            Assert.That(ex.InnerException, Is.SameAs(inner));
            Assert.That(ex.Message, Does.Contain("benny-route-s").And.Contain("gguf").And.Contain("/models/x.gguf").And.Contain("file not found").And.Contain("Check"));
        });
    }

    [Test]
    public void Ctor_NullInnerException_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => _ = new ModelLoadException("benny-route-s", "gguf", "/models/x.gguf", null!));
    }
}
