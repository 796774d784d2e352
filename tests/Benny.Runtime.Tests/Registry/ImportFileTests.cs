using Benny.Runtime.Registry;

namespace Benny.Runtime.Tests.Registry;

[TestFixture]
public sealed class ImportFileTests
{
    [TestCase("$", "models", "$.models")]
    [TestCase("$.models", "benny-route-s", "$.models.benny-route-s")]
    [TestCase("$.models", "qwen2.5:7b", "$.models['qwen2.5:7b']")]
    [TestCase("$.models", "it's", "$.models['it\\'s']")]
    [TestCase("$.models", "", "$.models['']")]
    public void Child_Key_AppendsDotOrBracketNotation(string parent, string key, string expected)
    {
        Assert.That(ImportFile.Child(parent, key), Is.EqualTo(expected));
    }

    [Test]
    public void QuoteList_Empty_ReturnsNone()
    {
        Assert.That(ImportFile.QuoteList([]), Is.EqualTo("(none)"));
    }

    [Test]
    public void QuoteList_Names_QuotesAndJoins()
    {
        Assert.That(ImportFile.QuoteList(["a", "b"]), Is.EqualTo("'a', 'b'"));
    }
}
