namespace Benny.Runtime.Tests;

public class PathExpansionTests
{
    [Test]
    public void ExpandHome_TildeAlone_ReturnsHome()
    {
        Assert.That(PathExpansion.ExpandHome("~"), Is.EqualTo(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));
    }

    [Test]
    public void ExpandHome_TildeSlash_CombinesWithHome()
    {
        string expected = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "models/x");

        Assert.That(PathExpansion.ExpandHome("~/models/x"), Is.EqualTo(expected));
    }

    [TestCase("models/~x")]
    [TestCase("~user/models")]
    [TestCase("/abs/path")]
    public void ExpandHome_NoLeadingTildeSeparator_Unchanged(string path)
    {
        Assert.That(PathExpansion.ExpandHome(path), Is.EqualTo(path));
    }

    [Test]
    public void GetFullPath_RelativePath_ResolvesAgainstTheBaseDirectory()
    {
        Assert.That(PathExpansion.GetFullPath("models/../m.gguf", "/srv"), Is.EqualTo(Path.GetFullPath("/srv/m.gguf")));
    }
}
