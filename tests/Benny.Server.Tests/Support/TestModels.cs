using Benny.Engines.Gguf.Format;
using Benny.Tests.Support;

namespace Benny.Server.Tests.Support;

/// <summary>The models the tests serve: the shared stories260K (no chat template) and a synthetic ChatML (Qwen2.5 template) model.</summary>
internal static class TestModels
{
    private static readonly Lazy<string> SyntheticChatMl = new(BuildSyntheticChatMl, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>../shared/models/stories260K.gguf.</summary>
    public static string Stories260K => Shared("models", "stories260K.gguf");

    /// <summary>A random-weight qwen2-vocabulary model with the Qwen2.5 chat template (Hermes tool calls), built once per run.</summary>
    public static string ChatMl => SyntheticChatMl.Value;

    public static string Shared(params string[] parts) => TestRepository.Shared(parts);

    private static string BuildSyntheticChatMl()
    {
        string folder = Directory.CreateTempSubdirectory("benny-server-").FullName;
        string path = Path.Combine(folder, "chatml.gguf");
        new SyntheticModelBuilder(new SyntheticModelOptions
        {
            EmbeddingLength = 32, BlockCount = 1, HeadCount = 2, KvHeadCount = 1, FeedForwardLength = 64, ContextLength = 2048, TieOutputToEmbedding = true,
            VocabularySourcePath = Shared("vocab", "ggml-vocab-qwen2.gguf"),
            ChatTemplate = File.ReadAllText(Shared("templates", "Qwen-Qwen2.5-7B-Instruct.jinja")),
        }).Build(path);
        return path;
    }
}
