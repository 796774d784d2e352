using Benny.Engines.Gguf.Native;
using Benny.Engines.Gguf.Tests.Support;
using System.Runtime.InteropServices;

namespace Benny.Engines.Gguf.Tests.Native;

/// <summary>
/// The version gate on libraries that are not the pinned llama.cpp release, on small stand-in libraries compiled here
/// (each with its own soname, so that loading them cannot shadow the real natives of this process). The real case,
/// another wrapper's natives (LLamaSharp's) through the public API, runs in its own process in .ci/run's package check.
/// </summary>
public class NativeVersionCheckTests
{
    private static string s_folder = "";

    [OneTimeSetUp]
    public static void CompileStandIns()
    {
        s_folder = Directory.CreateTempSubdirectory("benny-version-check-").FullName;
        string compiler = CCompiler.Find("The version check test compiles two tiny stand-ins for a foreign libllama");
        Compile(compiler, "libbenny-older-llama.so", "const char * llama_version(void) { return \"0.4.2-dev\"; }");
        Compile(compiler, "libbenny-foreign-llama.so", "int llama_print_system_info_stub(void) { return 0; }");
        Compile(compiler, "libbenny-pinned-llama.so", "const char * llama_version(void) { return \"0.5.0-dev\"; }");
    }

    [OneTimeTearDown]
    public static void RemoveStandIns() => Directory.Delete(s_folder, recursive: true);

    [Test]
    public void CheckVersion_OtherRelease_NamesBothVersionsAndWhatToDo()
    {
        string? message = Check("libbenny-older-llama.so");

        Assert.That(message, Does.Contain("report version '0.4.2-dev'").And.Contain("bound to '0.5.0-dev'")
            .And.Contain(s_folder).And.Contain("Benny.Engines.Gguf.Runtime.Cpu").And.Contain("docs/packaging.md"));
        Assert.That(message, Is.EqualTo(LlamaNativeLibrary.VersionMismatch(s_folder, "0.4.2-dev")), "the documented message");
    }

    [Test]
    public void CheckVersion_LibraryWithoutLlamaVersion_SaysItIsAnotherBuildNotAnEntryPointError()
    {
        string? message = Check("libbenny-foreign-llama.so");

        Assert.That(message, Does.Contain("do not export llama_version()").And.Contain("LLamaSharp").And.Contain("0.5.0-dev"));
    }

    [Test]
    public void CheckVersion_PinnedRelease_Passes()
    {
        Assert.That(Check("libbenny-pinned-llama.so"), Is.Null);
    }

    private static string? Check(string file)
    {
        nint handle = NativeLibrary.Load(Path.Combine(s_folder, file));
        try
        {
            return LlamaNativeLibrary.CheckVersion(handle, s_folder);
        }
        finally
        {
            NativeLibrary.Free(handle);
        }
    }

    private static void Compile(string compiler, string name, string source)
    {
        string sourceFile = Path.Combine(s_folder, name + ".c");
        File.WriteAllText(sourceFile, source);
        (int exit, _, string errors) = CCompiler.Execute(compiler, ["-shared", "-fPIC", "-Wl,-soname," + name, "-o", Path.Combine(s_folder, name), sourceFile]);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{compiler} could not build {name} (exit {exit}): {errors}");
        }
    }
}
