using Benny.Runtime.Prompts;
using Benny.Runtime.Tests.Support;

namespace Benny.Runtime.Tests.Prompts;

public sealed class PromptStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Test]
    public void Load_FilesInSubfolders_AreAllLoadedWithCaseInsensitiveIds()
    {
        _dir.Write("a.prompt", "A");
        _dir.Write("nested/deeper/Benny-Route-S.prompt.md", "B");
        _dir.Write("readme.md", "not a prompt");
        _dir.Write("notes.txt", "not a prompt");

        PromptStore store = PromptStore.Load(_dir.Path);

        Assert.That(store.Ids, Is.EqualTo(new[] { "a", "Benny-Route-S" }));
        Assert.That(store.Directory, Is.EqualTo(Path.GetFullPath(_dir.Path)));
        Assert.That(store.TryGet("benny-route-s", out PromptTemplate? template), Is.True);
        Assert.That(template!.Render(null).Single().Text, Is.EqualTo("B"));
    }

    [Test]
    public void Load_SeveralVersions_LatestIsHighestNumber()
    {
        _dir.Write("sum.v1.prompt", "one");
        _dir.Write("sum.v10.prompt", "ten");
        _dir.Write("sum.v2.prompt.md", "two");

        PromptStore store = PromptStore.Load(_dir.Path);

        Assert.That(store.Ids, Is.EqualTo(new[] { "sum" }));
        Assert.That(store.Get("sum").Version, Is.EqualTo(10));
        Assert.That(store.Get("SUM", 2).Render(null).Single().Text, Is.EqualTo("two"));
        Assert.That(store.TryGet("sum", out PromptTemplate? latest) && latest.Version == 10, Is.True);
        Assert.That(() => store.GetUnversioned("sum"), Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("no unversioned file ('sum.prompt')"));
    }

    [Test]
    public void Load_UnversionedBesideNumberedVersions_ServesTheUnversionedFileAsLiteLlmDoes()
    {
        _dir.Write("sum.v1.prompt", "one");
        _dir.Write("sum.v10.prompt", "ten");
        _dir.Write("sum.prompt", "unversioned");

        PromptStore store = PromptStore.Load(_dir.Path);

        Assert.That(store.Get("sum").Version, Is.Null);
        Assert.That(store.Get("sum").Render(null).Single().Text, Is.EqualTo("unversioned"));
        Assert.That(store.Get("sum", 10).Render(null).Single().Text, Is.EqualTo("ten"));
    }

    [Test]
    public void Load_UnversionedBesideAVersionPinnedByIndexJson_IndexWinsAndTheUnversionedStaysReachable()
    {
        _dir.Write("sum.v2.prompt", "two");
        _dir.Write("sum.prompt", "unversioned");
        _dir.Write("index.json", """{ "latest": { "sum": 2 } }""");

        PromptStore store = PromptStore.Load(_dir.Path);

        Assert.That(store.Get("sum").Version, Is.EqualTo(2));
        Assert.That(store.GetUnversioned("SUM").Render(null).Single().Text, Is.EqualTo("unversioned"));
    }

    [Test]
    public void Load_OnlyUnversionedFile_IsLatest()
    {
        _dir.Write("x.prompt", "plain");

        Assert.That(PromptStore.Load(_dir.Path).Get("x").Version, Is.Null);
    }

    [Test]
    public void Load_IndexJson_NamesTheLatestVersion()
    {
        _dir.Write("sum.v1.prompt", "one");
        _dir.Write("sum.v2.prompt", "two");
        _dir.Write("other.v3.prompt", "three");
        _dir.Write("index.json", """{ "latest": { "SUM": 1 } }""");

        PromptStore store = PromptStore.Load(_dir.Path);

        Assert.That(store.Get("sum").Version, Is.EqualTo(1));
        Assert.That(store.Get("other").Version, Is.EqualTo(3));
    }

    [Test]
    public void Load_IndexJsonInSubfolder_IsIgnored()
    {
        _dir.Write("sub/sum.v1.prompt", "one");
        _dir.Write("sub/sum.v2.prompt", "two");
        _dir.Write("sub/index.json", """{ "latest": { "sum": 1 } }""");

        Assert.That(PromptStore.Load(_dir.Path).Get("sum").Version, Is.EqualTo(2));
    }

    [TestCase("""{ "latest": { "nope": 1 } }""", "'nope'")]
    [TestCase("""{ "latest": { "sum": 7 } }""", "version 7")]
    [TestCase("""{ "latest": { "sum": "2" } }""", "version number")]
    [TestCase("""{ "latest": [1] }""", "'latest'")]
    [TestCase("""[ 1 ]""", "expected an object")]
    [TestCase("""{ "latest": { "sum": 1 """, "malformed JSON")]
    public void Load_BadIndexJson_ThrowsNamingIndexJson(string json, string expected)
    {
        _dir.Write("sum.v1.prompt", "one");
        string index = _dir.Write("index.json", json);

        var e = Assert.Throws<PromptFormatException>(() => PromptStore.Load(_dir.Path));

        Assert.That(e!.FilePath, Is.EqualTo(index));
        Assert.That(e.Message, Does.Contain("index.json").And.Contain(expected));
    }

    [Test]
    public void Load_SameVersionTwice_ThrowsNamingBothFiles()
    {
        string first = _dir.Write("x.prompt", "a");
        string second = _dir.Write("sub/x.prompt.md", "b");

        var e = Assert.Throws<PromptFormatException>(() => PromptStore.Load(_dir.Path));

        Assert.That(e!.Message, Does.Contain(first).And.Contain(second));
    }

    [Test]
    public void Load_SameNumberedVersionWithDifferentCase_ThrowsNamingBothFiles()
    {
        string first = _dir.Write("X.v2.prompt", "a");
        string second = _dir.Write("x.v2.prompt.md", "b");

        var e = Assert.Throws<PromptFormatException>(() => PromptStore.Load(_dir.Path));

        Assert.That(e!.Message, Does.Contain(first).And.Contain(second).And.Contain("version 2"));
    }

    [Test]
    public void Load_MalformedFile_ThrowsNamingTheFile()
    {
        _dir.Write("good.prompt", "fine");
        string bad = _dir.Write("bad.prompt", "---\nmodel: [a\n---\nx");

        var e = Assert.Throws<PromptFormatException>(() => PromptStore.Load(_dir.Path));

        Assert.That(e!.FilePath, Is.EqualTo(bad));
    }

    [Test]
    public void Load_MissingDirectory_ThrowsNamingTheOption()
    {
        string missing = Path.Combine(_dir.Path, "absent");

        var e = Assert.Throws<DirectoryNotFoundException>(() => PromptStore.Load(missing));

        Assert.That(e!.Message, Does.Contain(missing).And.Contain("Benny:Prompts:Directory"));
    }

    [Test]
    public void Load_TildePath_ExpandsToHomeFolder()
    {
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string name = "benny-missing-" + Guid.NewGuid().ToString("N");

        var e = Assert.Throws<DirectoryNotFoundException>(() => PromptStore.Load("~/" + name));

        Assert.That(e!.Message, Does.Contain(Path.Combine(home, name)));
    }

    [Test]
    public void Load_EmptyArgument_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PromptStore.Load(null!));
        Assert.Throws<ArgumentException>(() => PromptStore.Load(""));
    }

    [Test]
    public void Get_UnknownId_ThrowsNamingIdDirectoryAndKnownIds()
    {
        _dir.Write("alpha.prompt", "a");
        _dir.Write("beta.prompt", "b");
        PromptStore store = PromptStore.Load(_dir.Path);

        var e = Assert.Throws<KeyNotFoundException>(() => store.Get("gamma"));

        Assert.That(e!.Message, Does.Contain("'gamma'").And.Contain(store.Directory!).And.Contain("alpha, beta"));
    }

    [Test]
    public void Get_UnknownVersion_ThrowsListingVersions()
    {
        _dir.Write("a.v1.prompt", "a");
        _dir.Write("a.v3.prompt", "b");
        PromptStore store = PromptStore.Load(_dir.Path);

        var e = Assert.Throws<KeyNotFoundException>(() => store.Get("a", 2));

        Assert.That(e!.Message, Does.Contain("version 2").And.Contain("1, 3"));
    }

    [Test]
    public void TryGet_UnknownId_ReturnsFalse()
    {
        Assert.That(PromptStore.Empty.TryGet("x", out PromptTemplate? template), Is.False);
        Assert.That(template, Is.Null);
        Assert.That(PromptStore.Empty.Ids, Is.Empty);
    }

    [Test]
    public void FromTemplates_Templates_LatestIsHighestVersion()
    {
        PromptStore store = PromptStore.FromTemplates([PromptTemplate.Parse("1", "/p/a.v1.prompt"), PromptTemplate.Parse("2", "/p/a.v2.prompt")]);

        Assert.That(store.Get("a").Version, Is.EqualTo(2));
        Assert.That(store.Directory, Is.Null);
    }

    [Test]
    public void FromTemplates_Duplicate_Throws()
    {
        Assert.Throws<PromptFormatException>(() =>
            PromptStore.FromTemplates([PromptTemplate.Parse("1", "/p/a.prompt"), PromptTemplate.Parse("2", "/q/A.prompt.md")]));
    }
}
