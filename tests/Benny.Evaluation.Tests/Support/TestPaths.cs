using Benny.Tests.Support;

namespace Benny.Evaluation.Tests.Support;

/// <summary>Paths the tests use: the shared test models beside the repository.</summary>
internal static class TestPaths
{
    /// <summary>../shared/models/stories260K.gguf: a trained 260K-parameter llama model without a chat template.</summary>
    public static string Stories260K => Shared("models", "stories260K.gguf");

    /// <summary>A file under ../shared.</summary>
    public static string Shared(params string[] parts) => TestRepository.Shared(parts);
}
