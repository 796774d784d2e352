using Benny.Tests.Support;

namespace Benny.Engines.Gguf.Tests.Support;

/// <summary>Paths the tests use: the repository root and the shared test models beside it.</summary>
internal static class TestPaths
{
    /// <summary>The folder holding Benny.Runtime.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot => TestRepository.Root;

    /// <summary>../shared/models/stories260K.gguf: a trained 260K-parameter llama model without a chat template.</summary>
    public static string Stories260K => Shared("models", "stories260K.gguf");

    /// <summary>A file under ../shared.</summary>
    public static string Shared(params string[] parts) => TestRepository.Shared(parts);
}
