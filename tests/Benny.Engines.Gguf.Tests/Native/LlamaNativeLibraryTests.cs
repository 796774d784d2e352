using Benny.Engines.Gguf.Native;

namespace Benny.Engines.Gguf.Tests.Native;

public class LlamaNativeLibraryTests
{
    [Test]
    public void EnsureLoaded_RepositoryNatives_LoadsThePinnedReleaseWithItsCpuBackend()
    {
        GgufNativeDiagnostics diagnostics = LlamaNativeLibrary.EnsureLoaded(null, null);

        Assert.That(diagnostics.LlamaVersion, Is.EqualTo("0.5.0-dev"));
        Assert.That(diagnostics.Backends, Does.Contain("CPU"));
        Assert.That(diagnostics.Devices.Where(d => d.Type == GgufDeviceType.Cpu), Is.Not.Empty);
        Assert.That(diagnostics.LoadedLibraries, Has.Some.StartsWith("libllama").And.Some.EqualTo("libggml-base.so"));
        Assert.That(diagnostics.SearchedPaths.Last(), Does.EndWith("loaded"));
        Assert.That(LlamaNativeLibrary.EnsureLoaded(null, null), Is.SameAs(diagnostics), "loads once per process");
    }

    [Test]
    public void EnsureLoaded_AnotherFolderAfterLoading_IsRefusedNamingBoth()
    {
        GgufNativeDiagnostics loaded = LlamaNativeLibrary.EnsureLoaded(null, null);

        var error = Assert.Throws<InvalidOperationException>(() => LlamaNativeLibrary.EnsureLoaded("/opt/other-llama", null));

        Assert.That(error!.Message, Does.Contain(loaded.Directory).And.Contain("/opt/other-llama"));
    }

    [Test]
    public void TryLoadFrom_MissingFolder_SaysSo()
    {
        Assert.That(LlamaNativeLibrary.TryLoadFrom("/nonexistent/benny/natives", out _), Is.EqualTo("no such folder"));
    }

    [Test]
    public void TryLoadFrom_FolderWithoutLibraries_NamesWhatIsMissing()
    {
        string folder = Directory.CreateTempSubdirectory("benny-natives-").FullName;
        try
        {
            Assert.That(LlamaNativeLibrary.TryLoadFrom(folder, out _), Is.EqualTo("missing libllama.v*.so, libggml.v*.so, libggml-base.so"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void TryLoadFrom_FilesThatAreNotLibraries_ExplainsTheLoadFailure()
    {
        string folder = Directory.CreateTempSubdirectory("benny-natives-").FullName;
        try
        {
            foreach (string name in new[] { "libllama.v0.5.0.so", "libggml.v0.5.0.so", "libggml-base.so" })
            {
                File.WriteAllText(Path.Combine(folder, name), "not an ELF file");
            }

            Assert.That(LlamaNativeLibrary.TryLoadFrom(folder, out _), Does.StartWith("libggml-base.so exists but did not load").And.Contain("ldd"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void NotFound_ListsRidPathsAndWhatToDo()
    {
        DllNotFoundException error = LlamaNativeLibrary.NotFound(["/a (BENNY_LLAMA_NATIVE_DIR): no such folder"]);

        Assert.That(error.Message, Does.Contain("linux-x64").And.Contain("/a (BENNY_LLAMA_NATIVE_DIR): no such folder")
            .And.Contain("build/llama-natives.sh").And.Contain("BENNY_LLAMA_NATIVE_DIR").And.Contain("runtimes/linux-x64/native"));
    }
}
