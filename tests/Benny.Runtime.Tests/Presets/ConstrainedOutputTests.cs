using Benny.Runtime.Presets;

namespace Benny.Runtime.Tests.Presets;

public sealed class ConstrainedOutputTests
{
    [Test]
    public void GbnfGrammarKey_IsTheKeyTheGgufEngineReads()
        => Assert.That(ConstrainedOutput.GbnfGrammarKey, Is.EqualTo("benny.gguf.grammar"));

    [Test]
    public void GbnfChoice_Labels_BuildsAnAlternationInOrder()
        => Assert.That(ConstrainedOutput.GbnfChoice(["light", "heavy"]), Is.EqualTo("root ::= \"light\" | \"heavy\""));

    [Test]
    public void GbnfChoice_QuoteOrBackslashInLabel_IsEscaped()
        => Assert.That(ConstrainedOutput.GbnfChoice(["a\"b\\c"]), Is.EqualTo("root ::= \"a\\\"b\\\\c\""));

    [Test]
    public void GbnfChoice_InvalidLabels_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => ConstrainedOutput.GbnfChoice(null!));
        Assert.Throws<ArgumentException>(() => ConstrainedOutput.GbnfChoice([]));
        Assert.Throws<ArgumentException>(() => ConstrainedOutput.GbnfChoice(["a", ""]));
    }
}
