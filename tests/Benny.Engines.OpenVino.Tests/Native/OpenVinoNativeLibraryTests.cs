using Benny.Engines.OpenVino.Native;

namespace Benny.Engines.OpenVino.Tests.Native;

/// <summary>The resolver's search and its not-found message, without loading anything.</summary>
[TestFixture]
internal sealed class OpenVinoNativeLibraryTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "benny-ov-resolver-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Candidates_ConfiguredFolder_IsTheOnlyCandidate()
    {
        var candidates = OpenVinoNativeLibrary.Candidates("/configured/ov", "/from/env", "/app").ToArray();

        Assert.That(candidates, Is.EqualTo(new[] { ("/configured/ov", "OpenVinoEngineOptions.NativeLibraryDirectory") }));
    }

    [Test]
    public void Candidates_EnvironmentOnly_IsTheOnlyCandidate()
    {
        var candidates = OpenVinoNativeLibrary.Candidates(null, "/from/env", "/app").ToArray();

        Assert.That(candidates, Is.EqualTo(new[] { ("/from/env", "BENNY_OPENVINO_DIR") }));
    }

    [Test]
    public void Candidates_NothingConfigured_StandardLocationsThenBesideTheApplication()
    {
        string[] folders = OpenVinoNativeLibrary.Candidates(null, null, "/app").Select(c => c.Directory).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(folders, Does.Contain("/opt/intel/openvino/runtime/lib/intel64"));
            Assert.That(folders[^3..], Is.EqualTo(new[] { "/usr/lib/x86_64-linux-gnu", "/usr/local/lib", "/app/runtimes/linux-x64/native" }));
        });
    }

    [Test]
    public void FindFiles_EmptyFolder_NamesBothMissingLibraries()
    {
        string? problem = OpenVinoNativeLibrary.FindFiles(_folder, out _);

        Assert.That(problem, Does.Contain("libopenvino_genai_c.so*").And.Contain("libopenvino_c.so*"));
    }

    [Test]
    public void FindFiles_VersionedNames_PicksTheShortestOfEach()
    {
        foreach (string name in new[] { "libopenvino_genai_c.so.2026.3.0.0", "libopenvino_genai_c.so.2630", "libopenvino_c.so.2026.3.0" })
        {
            File.WriteAllText(Path.Combine(_folder, name), "");
        }

        string? problem = OpenVinoNativeLibrary.FindFiles(_folder, out Dictionary<string, string> files);

        Assert.Multiple(() =>
        {
            Assert.That(problem, Is.Null);
            Assert.That(Path.GetFileName(files["openvino_genai_c"]), Is.EqualTo("libopenvino_genai_c.so.2630"));
            Assert.That(Path.GetFileName(files["openvino_c"]), Is.EqualTo("libopenvino_c.so.2026.3.0"));
        });
    }

    [Test]
    public void NotFound_SearchedFolders_MessageListsEachPathWhyAndHowToInstall()
    {
        IReadOnlyList<string> searched = OpenVinoNativeLibrary.Probe(null, Path.Combine(_folder, "absent"), "/app");
        searched = [.. searched, .. OpenVinoNativeLibrary.Probe(_folder, null, "/app")];

        string message = OpenVinoNativeLibrary.NotFound(searched).Message;

        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain(Path.Combine(_folder, "absent") + " (BENNY_OPENVINO_DIR): no such folder"));
            Assert.That(message, Does.Contain(_folder + " (OpenVinoEngineOptions.NativeLibraryDirectory): missing libopenvino_genai_c.so*"));
            Assert.That(message, Does.Contain("pip install openvino-genai").And.Contain("storage.openvinotoolkit.org").And.Contain("BENNY_OPENVINO_DIR"));
            Assert.That(message, Does.Contain("2026.3.0.0").And.Contain("linux-x64"));
        });
    }

    [Test]
    public void MessageJson_SpecialCharacters_IsValidJsonWithBothFields()
    {
        string json = Interop.MessageJson("user", "a \"quoted\"\nline ü 🙂 \\");

        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Multiple(() =>
        {
            Assert.That(document.RootElement.GetProperty("role").GetString(), Is.EqualTo("user"));
            Assert.That(document.RootElement.GetProperty("content").GetString(), Is.EqualTo("a \"quoted\"\nline ü 🙂 \\"));
        });
    }

    [TestCase(0, "OK")]
    [TestCase(-1, "GENERAL_ERROR")]
    [TestCase(-5, "NOT_FOUND")]
    [TestCase(-6, "OUT_OF_BOUNDS")]
    [TestCase(-14, "INVALID_C_PARAM")]
    [TestCase(-17, "UNKNOW_EXCEPTION")]
    [TestCase(-99, "UNKNOWN_STATUS")]
    public void StatusName_Value_IsTheOvStatusName(int status, string name)
        => Assert.That(Interop.StatusName(status), Is.EqualTo(name));
}
