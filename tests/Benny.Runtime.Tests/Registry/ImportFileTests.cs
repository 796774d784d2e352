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
    public void ExpandHome_TildeAlone_ReturnsHome()
    {
        Assert.That(ImportFile.ExpandHome("~"), Is.EqualTo(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));
    }

    [Test]
    public void ExpandHome_TildeSlash_CombinesWithHome()
    {
        string expected = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "models/x");

        Assert.That(ImportFile.ExpandHome("~/models/x"), Is.EqualTo(expected));
    }

    [TestCase("models/~x")]
    [TestCase("~user/models")]
    [TestCase("/abs/path")]
    public void ExpandHome_NoLeadingTildeSeparator_Unchanged(string path)
    {
        Assert.That(ImportFile.ExpandHome(path), Is.EqualTo(path));
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
