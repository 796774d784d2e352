using Benny.Engines.Gguf.Format;

namespace Benny.Engines.Gguf.Tests.Support;

/// <summary>
/// The smallest model with a real 151,936-token vocabulary: 32 wide, one layer, random F16 weights, tied output, the
/// qwen2 vocabulary and its ChatML template. Forward passes cost almost nothing, so grammar and sampling costs dominate.
/// </summary>
internal static class TinyQwen2Model
{
    /// <summary>Builds the model as <paramref name="path"/> and returns the path.</summary>
    public static string Build(string path) => new SyntheticModelBuilder(new SyntheticModelOptions
    {
        EmbeddingLength = 32, BlockCount = 1, HeadCount = 2, KvHeadCount = 1, FeedForwardLength = 64, WeightType = GgmlType.F16,
        TieOutputToEmbedding = true, VocabularySourcePath = TestPaths.Shared("vocab", "ggml-vocab-qwen2.gguf"),
    }).Build(path);
}
