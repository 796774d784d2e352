using Benny.Engines.Gguf;
using Benny.Engines.Gguf.Format;

namespace Benny.Benchmarks.Peers;

/// <summary>
/// What every engine of the peer suites is given: the models, the context settings, the thread count and the prompts.
/// </summary>
/// <remarks>
/// <para>
/// Prompts are completed as they are (no chat template). Consecutive operations alternate between two prompt sets whose
/// prompts all begin with a different first token (checked by the raw loop's setups), so no operation finds its prompt in
/// the KV cache left by the previous one: with the engine's prefix reuse every engine decodes every prompt in full
/// (the engine and the floor keep only a shared BOS).
/// </para>
/// <para>
/// Token counts are fixed so that tokens per second follow from the mean time: every decode request generates exactly
/// <see cref="DecodeTokens"/> tokens (the setups check that no engine stops early), and both prefill prompts of a model
/// tokenize to <see cref="PrefillTokens"/> (checked too).
/// </para>
/// </remarks>
internal static class PeerWorkload
{
    /// <summary>The stories260K model of ../shared (1 MB, llama vocabulary of 512 tokens).</summary>
    public const string Stories = "stories260K";

    /// <summary>The Qwen2.5-0.5B-shaped Q8_0 model built at setup (530 MB, qwen2 vocabulary; random weights).</summary>
    public const string QwenShaped = "qwen2.5-0.5b-shaped-q8_0";

    /// <summary>The context of every engine, in tokens (all sequences share it: the KV cache is unified).</summary>
    public const uint ContextSize = 1024;

    /// <summary>The logical and physical batch size of every engine (the GGUF engine's default).</summary>
    public const uint BatchSize = 512;

    /// <summary>The tokens each decode request generates.</summary>
    public const int DecodeTokens = 64;

    /// <summary>The most concurrent requests of the batching suite.</summary>
    public const int MaxStreams = 8;

    /// <summary>
    /// The decode prompts: set 0 is the first <see cref="MaxStreams"/>, set 1 the rest. Their first tokens (after BOS) differ
    /// pairwise in both vocabularies (checked by the setups).
    /// </summary>
    private static readonly string[] Openings =
    [
        "Once upon a time, there was a little girl named Lily.",
        "Tom had a big red ball. One day,",
        "Lily liked to play in the park. One day,",
        "Ben was a happy dog. One day,",
        "Mom and Sue went to the shop. On the way,",
        "Tim found a shiny stone in the garden.",
        "Sue wanted to bake a cake for her mom.",
        "Henry the cat was very sleepy.",
        "Olivia saw a bird in the tree.",
        "He ran to the big hill to fly his kite.",
        "She had a little toy car.",
        "They went to the beach on a sunny day.",
        "The little bear was lost in the woods.",
        "One day, a boy found a box.",
        "In a small town, there lived a kind old man.",
        "On a rainy day, Tim stayed inside.",
    ];

    /// <summary>The first words of the two prefill prompts (one token each in both vocabularies, and different).</summary>
    private static readonly string[] PrefillFirstWords = ["She", "He"];

    /// <summary>The sentence repeated after the first word of a prefill prompt.</summary>
    private const string PrefillSentence = " looked at the big tree in the garden and smiled, because the sun was warm and the birds were singing.";

    /// <summary>The path of a benchmark model (the 0.5B-shaped one is built on first use).</summary>
    public static string ModelPath(string model) => model switch
    {
        Stories => GgufThreadsBenchmarks.Stories260K(),
        QwenShaped => Throughput.BuildModel(),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown peer benchmark model."),
    };

    /// <summary>
    /// The folder of the GGUF engine's natives for the engine and the raw loop: the CPU build of the repository
    /// (<c>build/natives/&lt;rid&gt;/cpu</c>), or <see langword="null"/> (the resolver's own search) when
    /// <c>BENNY_LLAMA_NATIVE_DIR</c> names a folder. The suites measure a CPU deployment: with Backend = Cpu the resolver
    /// prefers a GPU build when its system libraries load (a Vulkan loader is enough), which runs the same CPU kernels
    /// but is another libllama, with a GPU backend registered beside the CPU.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No build/natives/&lt;rid&gt;/cpu above the application.</exception>
    public static string? BennyNatives()
    {
        if (Environment.GetEnvironmentVariable(Engines.Gguf.Native.LlamaNativeLibrary.DirectoryEnvironmentVariable) is { Length: > 0 })
        {
            return null;
        }

        string rid = Engines.Gguf.Native.NativePlatform.Current.Rid;
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string cpu = Path.Combine(folder.FullName, "build", "natives", rid, "cpu");
            if (Directory.Exists(cpu))
            {
                return cpu;
            }
        }

        throw new DirectoryNotFoundException($"build/natives/{rid}/cpu was not found above {AppContext.BaseDirectory}; build the repository once (it fetches the natives) or set BENNY_LLAMA_NATIVE_DIR.");
    }

    /// <summary>The CPU threads every engine uses: the GGUF engine's default rule (<see cref="GgufThreadRule"/>) for the model's weights.</summary>
    public static int Threads(string path) => GgufThreadRule.Choose(GgufFile.Read(path).Tensors.Sum(t => t.ByteSize));

    /// <summary>The tokens of each prefill prompt of <paramref name="model"/> (BOS included where the model adds one).</summary>
    public static int PrefillTokens(string model) => model switch
    {
        Stories => 278,
        QwenShaped => 265,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown peer benchmark model."),
    };

    /// <summary>The prefill prompt of set <paramref name="set"/> (0 or 1) for <paramref name="model"/>.</summary>
    public static string PrefillPrompt(string model, int set)
        => PrefillFirstWords[set] + string.Concat(Enumerable.Repeat(PrefillSentence, PrefillRepeats(model)));

    /// <summary>The decode prompts of set <paramref name="set"/> (0 or 1): one per stream.</summary>
    public static string[] DecodePrompts(int set, int streams)
        => Openings.AsSpan(set * MaxStreams, streams).ToArray();

    private static int PrefillRepeats(string model) => model switch
    {
        Stories => 6,
        QwenShaped => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown peer benchmark model."),
    };
}
