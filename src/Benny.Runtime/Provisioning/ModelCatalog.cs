using Benny.Runtime.Registry;

namespace Benny.Runtime.Provisioning;

/// <summary>
/// Maps model names to downloadable artifacts per engine: GGUF files and OpenVINO IR repositories on Hugging Face.
/// <see cref="BuiltIn"/> covers the Benny names of every built-in purpose (<c>route</c>, <c>classify</c>, <c>clean</c>,
/// <c>extract</c>, <c>tool</c>, <c>summarize</c>, <c>rewrite</c>) in both sizes.
/// </summary>
/// <remarks>Immutable; safe to use from any thread. A registry entry's own <see cref="ModelDefinition.Source"/> always wins.</remarks>
public sealed class ModelCatalog
{
    /// <summary>The files downloaded for a folder source (an OpenVINO IR repository as optimum-intel exports it).</summary>
    public static readonly IReadOnlyList<string> OpenVinoFolderFiles =
    [
        "openvino_model.xml", "openvino_model.bin",
        "openvino_tokenizer.xml", "openvino_tokenizer.bin",
        "openvino_detokenizer.xml", "openvino_detokenizer.bin",
        "config.json", "generation_config.json",
    ];

    private readonly Dictionary<(string Name, string Engine), ModelCatalogEntry> _entries;

    /// <summary>Initializes a catalog from <paramref name="entries"/>.</summary>
    /// <param name="entries">The entries; a later entry for the same name and engine (case-insensitive) replaces an earlier one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or an entry is <see langword="null"/>.</exception>
    public ModelCatalog(IEnumerable<ModelCatalogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = new Dictionary<(string, string), ModelCatalogEntry>(KeyComparer.Instance);
        foreach (ModelCatalogEntry entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            _entries[(entry.Name, entry.Engine)] = entry;
        }
    }

    /// <summary>Gets the built-in catalog.</summary>
    public static ModelCatalog BuiltIn { get; } = new(CreateBuiltInEntries());

    /// <summary>Gets the entries, ordered by name then engine.</summary>
    public IReadOnlyList<ModelCatalogEntry> Entries
        => [.. _entries.Values.OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.Engine, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Finds the artifact of <paramref name="name"/> for <paramref name="engine"/>.</summary>
    /// <param name="name">A model name (case-insensitive).</param>
    /// <param name="engine">An engine name (case-insensitive).</param>
    /// <param name="entry">The entry, when there is one.</param>
    /// <returns><see langword="true"/> when the catalog has the name for the engine.</returns>
    public bool TryGet(string? name, string? engine, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelCatalogEntry? entry)
    {
        entry = null;
        return name is not null && engine is not null && _entries.TryGetValue((name, engine), out entry);
    }

    /// <summary>
    /// Completes registry entries for provisioning, in place: an entry with neither <see cref="ModelDefinition.Path"/> nor
    /// <see cref="ModelDefinition.Source"/> gets the catalog's source (and hash) for its name and engine; an entry with a
    /// source and no path gets the cache location of the source as its path. Aliases and other entries are left alone.
    /// </summary>
    /// <param name="definitions">The entries to complete.</param>
    /// <param name="cacheDirectory">The provisioning cache folder; a leading <c>~</c> means the home folder.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public void Apply(IEnumerable<ModelDefinition> definitions, string cacheDirectory)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(cacheDirectory);
        foreach (ModelDefinition definition in definitions)
        {
            if (definition.AliasOf is not null || !string.IsNullOrWhiteSpace(definition.Path))
            {
                continue;
            }

            if (definition.Source is null && TryGet(definition.Name, definition.Engine, out ModelCatalogEntry? entry))
            {
                definition.Source = entry.Source.ToString();
                definition.Sha256 ??= entry.Sha256;
            }

            if (ModelSource.TryParse(definition.Source, out ModelSource? source))
            {
                definition.Path = GetCachePath(cacheDirectory, source);
            }
        }
    }

    /// <summary>Gets where a source is stored in the cache: <c>{cache}/{owner}/{repo}/{revision}[/{file}]</c>.</summary>
    /// <param name="cacheDirectory">The provisioning cache folder; a leading <c>~</c> means the home folder.</param>
    /// <param name="source">The source.</param>
    /// <returns>The full path of the file, or of the folder for a folder source.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static string GetCachePath(string cacheDirectory, ModelSource source)
    {
        ArgumentNullException.ThrowIfNull(cacheDirectory);
        ArgumentNullException.ThrowIfNull(source);
        var parts = new List<string> { PathExpansion.GetFullPath(cacheDirectory) };
        parts.AddRange(source.Repository.Split('/'));
        parts.Add(source.Revision.Replace('/', '_'));
        if (source.FilePath is { } file)
        {
            parts.AddRange(file.Split('/'));
        }

        return System.IO.Path.Combine([.. parts]);
    }

    private static IEnumerable<ModelCatalogEntry> CreateBuiltInEntries()
    {
        // GGUF files: official Qwen GGUF repositories and bartowski's Llama 3.2 quantizations.
        const string Qwen05 = "hf://Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q8_0.gguf";
        const string Qwen15 = "hf://Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf";
        const string Qwen3 = "hf://Qwen/Qwen2.5-3B-Instruct-GGUF/qwen2.5-3b-instruct-q4_k_m.gguf";
        const string Llama1 = "hf://bartowski/Llama-3.2-1B-Instruct-GGUF/Llama-3.2-1B-Instruct-Q4_K_M.gguf";
        const string Llama3 = "hf://bartowski/Llama-3.2-3B-Instruct-GGUF/Llama-3.2-3B-Instruct-Q4_K_M.gguf";

        // OpenVINO IR folders of the OpenVINO organization (int4 weights, optimum-intel export).
        const string Ov05 = "hf://OpenVINO/Qwen2.5-0.5B-Instruct-int4-ov";
        const string Ov15 = "hf://OpenVINO/Qwen2.5-1.5B-Instruct-int4-ov";
        const string Ov7 = "hf://OpenVINO/Qwen2.5-7B-Instruct-int4-ov";

        (string Name, string Gguf, string OpenVino)[] table =
        [
            ("benny-route-s", Qwen05, Ov05),
            ("benny-route-m", Qwen15, Ov15),
            ("benny-classify-s", Qwen05, Ov05),
            ("benny-classify-m", Qwen15, Ov15),
            ("benny-clean-s", Qwen15, Ov15),
            ("benny-clean-m", Qwen3, Ov7),
            ("benny-extract-s", Qwen15, Ov15),
            ("benny-extract-m", Qwen3, Ov7),
            ("benny-tool-s", Qwen15, Ov15),
            ("benny-tool-m", Qwen3, Ov7),
            ("benny-summarize-s", Llama1, Ov15),
            ("benny-summarize-m", Llama3, Ov7),
            ("benny-rewrite-s", Llama1, Ov15),
            ("benny-rewrite-m", Llama3, Ov7),
        ];

        foreach ((string name, string gguf, string openVino) in table)
        {
            yield return new ModelCatalogEntry(name, "gguf", ModelSource.Parse(gguf));
            yield return new ModelCatalogEntry(name, "openvino", ModelSource.Parse(openVino));
        }
    }

    private sealed class KeyComparer : IEqualityComparer<(string Name, string Engine)>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals((string Name, string Engine) x, (string Name, string Engine) y)
            => StringComparer.OrdinalIgnoreCase.Equals(x.Name, y.Name) && StringComparer.OrdinalIgnoreCase.Equals(x.Engine, y.Engine);

        public int GetHashCode((string Name, string Engine) obj)
            => HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Engine));
    }
}
