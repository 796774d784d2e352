using Benny.Engines.Gguf.Format;
using Benny.Runtime;
using Benny.Runtime.Registry;

namespace Benny.Samples;

/// <summary>
/// The samples' embedded default models: two synthetic GGUF models (byte-level vocabulary, ChatML template,
/// seeded random weights) built on first run into a cache folder, registered as <c>benny-route-s</c> (light)
/// and <c>benny-tool-m</c> (heavy). Their text is not meaningful; they show the mechanics on any machine.
/// </summary>
internal static class DemoModels
{
    /// <summary>The light model: 64 wide, 2 layers (about 0.5 MB).</summary>
    private static readonly SyntheticModelOptions Light = new()
    {
        EmbeddingLength = 64, BlockCount = 2, HeadCount = 4, KvHeadCount = 2, FeedForwardLength = 128,
        ContextLength = 2048, Seed = 1, ModelName = "benny-demo-light",
    };

    /// <summary>The heavy model: 384 wide, 6 layers, F16 (about 20 MB).</summary>
    private static readonly SyntheticModelOptions Heavy = new()
    {
        EmbeddingLength = 384, BlockCount = 6, HeadCount = 6, KvHeadCount = 2, FeedForwardLength = 1024,
        ContextLength = 4096, Seed = 2, WeightType = GgmlType.F16, ModelName = "benny-demo-heavy",
    };

    /// <summary>The cache folder: <c>BENNY_SAMPLES_CACHE</c>, else <c>$XDG_CACHE_HOME/benny/samples</c>, else <c>~/.cache/benny/samples</c>.</summary>
    public static string CacheFolder =>
        Environment.GetEnvironmentVariable("BENNY_SAMPLES_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                "benny",
                "samples");

    /// <summary>Builds the two models into <see cref="CacheFolder"/> unless valid copies are cached; returns their paths.</summary>
    /// <param name="report">Receives one line per step: before and after each build, or that a cached copy is used.</param>
    public static (string Light, string Heavy) EnsureBuilt(Action<string> report)
        => (EnsureBuilt("benny-demo-light-v1.gguf", Light, report), EnsureBuilt("benny-demo-heavy-v1.gguf", Heavy, report));

    /// <summary>Registers <c>benny-route-s</c> (light) and <c>benny-tool-m</c> (heavy) and makes them the router's tiers.</summary>
    public static void Register(BennyOptions options, string lightPath, string heavyPath)
    {
        options.Models["benny-route-s"] = new ModelDefinition { Engine = "gguf", Path = lightPath, ContextSize = 1024 };
        options.Models["benny-tool-m"] = new ModelDefinition { Engine = "gguf", Path = heavyPath, ContextSize = 2048 };
        options.Router.Tiers["light"] = "benny-route-s";
        options.Router.Tiers["heavy"] = "benny-tool-m";
        options.Router.Fallbacks["heavy"] = ["light"];
    }

    private static string EnsureBuilt(string fileName, SyntheticModelOptions options, Action<string> report)
    {
        string path = Path.Combine(CacheFolder, fileName);
        if (File.Exists(path))
        {
            try
            {
                GgufFile.Read(path);
                report($"using cached {fileName}");
                return path;
            }
            catch (GgufFormatException e)
            {
                report($"rebuilding {fileName}: the cached copy is damaged ({e.Message})");
            }
        }

        Directory.CreateDirectory(CacheFolder);
        report($"building {fileName} ({options.EmbeddingLength} wide, {options.BlockCount} layers, {options.WeightType}) ...");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string built = new SyntheticModelBuilder(options).Build(path);
        report($"built {fileName}: {new FileInfo(built).Length / 1e6:F1} MB in {clock.Elapsed.TotalSeconds:F1} s");
        return built;
    }
}
