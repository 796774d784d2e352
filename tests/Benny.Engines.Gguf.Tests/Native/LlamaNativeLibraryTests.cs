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
            Assert.That(LlamaNativeLibrary.TryLoadFrom(folder, out _), Is.EqualTo("missing libllama[.tag].so, libggml[.tag].so, libggml-base.so"));
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
    public void EnsureLoaded_RepositoryNatives_ReportsTheVariantAndPlatform()
    {
        GgufNativeDiagnostics diagnostics = LlamaNativeLibrary.EnsureLoaded(null, null);

        Assert.That(diagnostics.Variant, Is.AnyOf("cpu", "vulkan", "cuda"));
        Assert.That(diagnostics.Directory, Does.EndWith(Path.Combine("build", "natives", "linux-x64", diagnostics.Variant)));
        Assert.That(diagnostics.Platform, Is.EqualTo("linux-x64"));
        Assert.That(diagnostics.ToString(), Does.Contain($"({diagnostics.Variant} build, linux-x64)"));
    }

    [Test]
    public void EnsureLoaded_GpuBackendAfterTheCpuBuildLoaded_IsRefusedWithTheReason()
    {
        GgufNativeDiagnostics loaded = LlamaNativeLibrary.EnsureLoaded(null, null);
        GgufBackend other = loaded.Variant == "cuda" ? GgufBackend.Vulkan : GgufBackend.Cuda;

        var error = Assert.Throws<InvalidOperationException>(() => LlamaNativeLibrary.EnsureLoaded(null, null, other));

        Assert.That(error!.Message, Does.Contain($"Backend {other} was requested").And.Contain($"the {loaded.Variant} build").And.Contain("one build only"));
    }

    [Test]
    public void NotFound_LinuxX64_ListsRidPathsAndTheRuntimePackage()
    {
        DllNotFoundException error = LlamaNativeLibrary.NotFound(["/a (BENNY_LLAMA_NATIVE_DIR): no such folder"], Linux("x64"), GgufBackend.Auto);

        Assert.That(error.Message, Does.Contain("linux-x64").And.Contain("/a (BENNY_LLAMA_NATIVE_DIR): no such folder")
            .And.Contain("dotnet add package Benny.Engines.Gguf.Runtime.Cpu").And.Contain("Benny.Engines.Gguf.Runtime.Vulkan")
            .And.Contain("build/llama-natives.sh").And.Contain("BENNY_LLAMA_NATIVE_DIR").And.Contain("docs/packaging.md"));
    }

    [TestCase(GgufBackend.Vulkan, "dotnet add package Benny.Engines.Gguf.Runtime.Vulkan")]
    [TestCase(GgufBackend.Cuda, "dotnet add package Benny.Engines.Gguf.Runtime.Cuda")]
    [TestCase(GgufBackend.Hip, "No runtime package carries a Hip build for linux-x64")]
    public void NotFound_GpuBackend_NamesItsPackageOrSaysThereIsNone(GgufBackend backend, string expected)
    {
        string message = LlamaNativeLibrary.NotFound([], Linux("x64"), backend).Message;

        Assert.That(message, Does.Contain(expected));
    }

    [Test]
    public void NotFound_LinuxArm64Vulkan_SaysNoPackageCarriesIt()
    {
        string message = LlamaNativeLibrary.NotFound([], Linux("arm64"), GgufBackend.Vulkan).Message;

        Assert.That(message, Does.Contain("No runtime package carries a Vulkan build for linux-arm64").And.Not.Contain("dotnet add package"));
    }

    [TestCase("win", System.Runtime.InteropServices.Architecture.X64, "win-x64", "llama[.tag].dll, ggml[.tag].dll and ggml-base.dll")]
    [TestCase("osx", System.Runtime.InteropServices.Architecture.Arm64, "osx-arm64", "libllama[.tag].dylib, libggml[.tag].dylib and libggml-base.dylib")]
    public void NotFound_PlatformWithoutPackages_TellsHowToBringAv050Build(string os, System.Runtime.InteropServices.Architecture architecture, string rid, string files)
    {
        string message = LlamaNativeLibrary.NotFound([], NativePlatform.Create(os, architecture), GgufBackend.Auto).Message;

        Assert.That(message, Does.Contain($"No packaged build of llama.cpp v0.5.0 exists for {rid}")
            .And.Contain("linux-x64 and linux-arm64 only").And.Contain("de3ff815ea7d559ee917f063901b8986f038abc6")
            .And.Contain("NativeLibraryDirectory").And.Contain(files).And.Not.Contain("dotnet add package"));
    }

    [Test]
    public void Candidates_ConfiguredFolder_IsTheOnlyOne()
    {
        NativeCandidate[] candidates = LlamaNativeLibrary.Candidates("/opt/llama", "/env/llama", "/app", Linux("x64"), GgufBackend.Vulkan, _ => true).ToArray();

        Assert.That(candidates, Is.EqualTo(new[] { new NativeCandidate("/opt/llama", "GgufEngineOptions.NativeLibraryDirectory", "custom", null) }));
    }

    [Test]
    public void Candidates_EnvironmentFolder_IsTheOnlyOne()
    {
        NativeCandidate[] candidates = LlamaNativeLibrary.Candidates(null, "/env/llama", "/app", Linux("x64"), GgufBackend.Auto, _ => true).ToArray();

        Assert.That(candidates.Select(c => c.Directory), Is.EqualTo(new[] { "/env/llama" }));
    }

    [Test]
    public void Candidates_AutoWithoutGpuDrivers_SkipsThePresentGpuBuildsAndTakesTheCpuBuild()
    {
        using var app = new AppFolder("cuda", "vulkan", "cpu");

        NativeCandidate[] candidates = LlamaNativeLibrary.Candidates(null, null, app.Path, Linux("x64"), GgufBackend.Auto, _ => false).ToArray();

        Assert.That(candidates.Take(3).Select(c => (c.Variant, c.SkipReason is null)), Is.EqualTo(new[] { ("cuda", false), ("vulkan", false), ("cpu", true) }));
        Assert.That(candidates[0].SkipReason, Does.Contain("libcuda.so.1 is not installed"));
        Assert.That(candidates[1].SkipReason, Does.Contain("libvulkan.so.1 is not installed"));
        Assert.That(candidates[2].Directory, Is.EqualTo(System.IO.Path.Combine(app.Path, "runtimes", "linux-x64", "native", "cpu")));
        Assert.That(candidates[3], Is.EqualTo(new NativeCandidate(System.IO.Path.Combine(app.Path, "runtimes", "linux-x64", "native"), "beside the application", "custom", null)));
    }

    [Test]
    public void Candidates_CpuWithTheVulkanLoaderInstalled_PrefersTheVulkanBuild()
    {
        using var app = new AppFolder("vulkan", "cpu");

        NativeCandidate[] candidates = LlamaNativeLibrary.Candidates(null, null, app.Path, Linux("x64"), GgufBackend.Cpu, name => name == "libvulkan.so.1").ToArray();

        NativeCandidate first = candidates.First(c => c.SkipReason is null && Directory.Exists(c.Directory));
        Assert.That(first.Variant, Is.EqualTo("vulkan"), "a GPU build serves the CPU too, and a later GPU model in the process can use it");
    }

    [Test]
    public void Candidates_ExplicitVulkan_TriesTheVulkanBuildOnlyThenHandPlacedLibraries()
    {
        using var app = new AppFolder("vulkan", "cpu");

        NativeCandidate[] candidates = LlamaNativeLibrary.Candidates(null, null, app.Path, Linux("arm64"), GgufBackend.Vulkan, _ => false).ToArray();

        Assert.That(candidates.Select(c => c.Variant), Is.EqualTo(new[] { "vulkan", "custom" }), "no repository folder above a temporary folder");
        Assert.That(candidates[0].Directory, Does.Contain(System.IO.Path.Combine("runtimes", "linux-arm64", "native", "vulkan")));
        Assert.That(candidates[0].SkipReason, Is.Null, "an explicit backend is tried even without its driver: the device plan then explains");
    }

    [Test]
    public void Candidates_RepositoryCheckout_AddsItsBuildOutputAfterTheApplicationFolders()
    {
        NativeCandidate[] candidates = LlamaNativeLibrary.Candidates(null, null, AppContext.BaseDirectory, Linux("x64"), GgufBackend.Cpu, _ => false).ToArray();

        Assert.That(candidates.Where(c => c.Source == "repository build output").Select(c => System.IO.Path.GetFileName(c.Directory)), Is.EqualTo(new[] { "cuda", "vulkan", "cpu" }));
        Assert.That(candidates.Last().Directory, Does.EndWith(System.IO.Path.Combine("build", "natives", "linux-x64", "cpu")));
    }

    private static NativePlatform Linux(string architecture)
        => NativePlatform.Create("linux", Enum.Parse<System.Runtime.InteropServices.Architecture>(architecture, ignoreCase: true));

    /// <summary>A temporary application folder with empty runtime-package folders.</summary>
    private sealed class AppFolder : IDisposable
    {
        public AppFolder(params string[] variants)
        {
            Path = Directory.CreateTempSubdirectory("benny-app-").FullName;
            foreach (string rid in new[] { "linux-x64", "linux-arm64" })
            {
                foreach (string variant in variants)
                {
                    Directory.CreateDirectory(System.IO.Path.Combine(Path, "runtimes", rid, "native", variant));
                }
            }
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
