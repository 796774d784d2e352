using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Benny.Runtime.Prompts;

/// <summary>
/// The prompt templates of one folder: every <c>*.prompt</c> and <c>*.prompt.md</c> file below it, read
/// once and eagerly so that a malformed file surfaces at start-up. Ids compare case-insensitively.
/// </summary>
/// <remarks>
/// <para>
/// <c>&lt;id&gt;.v&lt;N&gt;.prompt</c> is version N of prompt <c>&lt;id&gt;</c>; <c>&lt;id&gt;.prompt</c> is unversioned.
/// The latest version of an id is its unversioned file when there is one (what LiteLLM serves for <c>id</c>), else its
/// highest N, unless an <c>index.json</c> in the folder's root names it: <c>{ "latest": { "&lt;id&gt;": N } }</c>.
/// <see cref="GetUnversioned"/> reaches the unversioned file whatever the index says.
/// </para>
/// <para>A store is immutable and safe to use from several threads at once.</para>
/// </remarks>
public sealed class PromptStore
{
    /// <summary>The name of the optional file, in the root of the prompt folder, that names the latest version of prompts.</summary>
    public const string IndexFileName = "index.json";

    private readonly Dictionary<string, Entry> _entries;

    private PromptStore(string? directory, Dictionary<string, Entry> entries)
    {
        Directory = directory;
        _entries = entries;
        Ids = _entries.Values.Select(e => e.Id).Order(StringComparer.OrdinalIgnoreCase).ToList().AsReadOnly();
    }

    /// <summary>Gets a store without prompt templates.</summary>
    public static PromptStore Empty { get; } = new(null, new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase));

    /// <summary>Gets the full path of the folder the templates were loaded from.</summary>
    /// <value><see langword="null"/> for <see cref="Empty"/> and stores built with <see cref="FromTemplates"/>.</value>
    public string? Directory { get; }

    /// <summary>Gets the prompt ids, sorted, each once whatever its number of versions.</summary>
    public IReadOnlyCollection<string> Ids { get; }

    /// <summary>Loads every prompt template below a folder.</summary>
    /// <param name="directory">The folder (searched recursively). A leading <c>~</c> means the user's home folder.</param>
    /// <returns>The loaded store.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="PromptFormatException">
    /// A prompt file is malformed, two files hold the same prompt version (e.g. <c>x.prompt</c> and <c>x.prompt.md</c>),
    /// or <c>index.json</c> is malformed or names an unknown prompt or version.
    /// </exception>
    /// <exception cref="IOException">A file could not be read.</exception>
    public static PromptStore Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string full = PathExpansion.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new DirectoryNotFoundException(
                $"The prompt template folder '{full}' does not exist. Create it, or set 'Benny:Prompts:Directory' "
                + "(PromptStoreOptions.Directory) to a folder of *.prompt / *.prompt.md files.");
        }

        List<PromptTemplate> templates = System.IO.Directory
            .EnumerateFiles(full, "*", SearchOption.AllDirectories)
            .Where(PromptFileName.IsPromptFile)
            .Order(StringComparer.Ordinal)
            .Select(path => PromptTemplate.Parse(File.ReadAllText(path), path))
            .ToList();

        Dictionary<string, Entry> entries = Group(templates);
        string indexPath = Path.Combine(full, IndexFileName);
        if (File.Exists(indexPath))
        {
            ApplyIndex(indexPath, File.ReadAllText(indexPath), entries);
        }

        return new PromptStore(full, entries);
    }

    /// <summary>Builds a store from templates already parsed (for example with <see cref="PromptTemplate.Parse"/>).</summary>
    /// <param name="templates">The templates; the latest version of an id is its highest version.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="templates"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="templates"/> holds a <see langword="null"/>.</exception>
    /// <exception cref="PromptFormatException">Two templates have the same id and version.</exception>
    public static PromptStore FromTemplates(IEnumerable<PromptTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        List<PromptTemplate> list = templates.ToList();
        if (list.Contains(null!))
        {
            throw new ArgumentException("The templates must not contain null.", nameof(templates));
        }

        return new PromptStore(null, Group(list));
    }

    /// <summary>Gets the latest version of a prompt.</summary>
    /// <param name="id">The prompt id (case-insensitive).</param>
    /// <param name="template">The template, when found.</param>
    /// <returns><see langword="true"/> when the store has a prompt with that id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is <see langword="null"/>.</exception>
    public bool TryGet(string id, [NotNullWhen(true)] out PromptTemplate? template)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_entries.TryGetValue(id, out Entry? entry))
        {
            template = entry.Latest;
            return true;
        }

        template = null;
        return false;
    }

    /// <summary>Gets a prompt: its latest version, or the version asked for.</summary>
    /// <param name="id">The prompt id (case-insensitive).</param>
    /// <param name="version">The version (from a <c>&lt;id&gt;.v&lt;N&gt;.prompt</c> file name), or <see langword="null"/> for the latest.</param>
    /// <returns>The template.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">
    /// The store has no prompt with that id, or not that version; the message names the id, the folder and what it has.
    /// </exception>
    public PromptTemplate Get(string id, int? version = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        string where = Directory is null ? "this prompt store" : $"the prompt folder '{Directory}'";
        if (!_entries.TryGetValue(id, out Entry? entry))
        {
            string known = Ids.Count == 0 ? "it has no prompts" : $"its prompts are: {string.Join(", ", Ids)}";
            throw new KeyNotFoundException($"There is no prompt template '{id}' in {where}; {known}.");
        }

        if (version is null)
        {
            return entry.Latest;
        }

        return entry.Versions.TryGetValue(version.Value, out PromptTemplate? template)
            ? template
            : throw new KeyNotFoundException(
                $"The prompt template '{entry.Id}' in {where} has no version {version}; its versions are: {entry.DescribeVersions()}.");
    }

    /// <summary>Gets the unversioned file of a prompt (<c>&lt;id&gt;.prompt</c>), even when <c>index.json</c> pins a numbered version.</summary>
    /// <param name="id">The prompt id (case-insensitive).</param>
    /// <returns>The template.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">The store has no prompt with that id, or the prompt has only numbered versions.</exception>
    public PromptTemplate GetUnversioned(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        PromptTemplate any = Get(id);
        Entry entry = _entries[id];
        return entry.Unversioned ?? throw new KeyNotFoundException(
            $"The prompt template '{entry.Id}' has no unversioned file ('{entry.Id}.prompt'); its versions are: {entry.DescribeVersions()}. ({any.SourcePath})");
    }

    private static Dictionary<string, Entry> Group(List<PromptTemplate> templates)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        foreach (PromptTemplate template in templates)
        {
            if (!entries.TryGetValue(template.Id, out Entry? entry))
            {
                entries[template.Id] = entry = new Entry(template.Id);
            }

            PromptTemplate? existing = template.Version is { } v
                ? entry.Versions.GetValueOrDefault(v)
                : entry.Unversioned;
            if (existing is not null)
            {
                string what = template.Version is { } n ? $"version {n} of prompt '{template.Id}'" : $"the unversioned prompt '{template.Id}'";
                throw new PromptFormatException(
                    template.SourcePath,
                    $"this file and '{existing.SourcePath}' both hold {what}; remove or rename one of them.",
                    null);
            }

            if (template.Version is { } version)
            {
                entry.Versions[version] = template;
            }
            else
            {
                entry.Unversioned = template;
            }
        }

        foreach (Entry entry in entries.Values)
        {
            // LiteLLM serves x.prompt for "x" even beside x.v2.prompt; index.json can still pin a numbered version.
            entry.Latest = entry.Unversioned ?? entry.Versions.Values[^1];
        }

        return entries;
    }

    private static void ApplyIndex(string indexPath, string json, Dictionary<string, Entry> entries)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new PromptFormatException(indexPath, $"malformed JSON at line {(e.LineNumber ?? 0) + 1}: {e.Message}", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PromptFormatException(indexPath, "expected an object such as { \"latest\": { \"<prompt id>\": <version> } }.", null);
            }

            if (!root.TryGetProperty("latest", out JsonElement latest) || latest.ValueKind == JsonValueKind.Null)
            {
                return;
            }

            if (latest.ValueKind != JsonValueKind.Object)
            {
                throw new PromptFormatException(indexPath, "'latest' must be an object mapping prompt ids to version numbers, such as { \"summarize\": 2 }.", null);
            }

            foreach (JsonProperty property in latest.EnumerateObject())
            {
                if (!entries.TryGetValue(property.Name, out Entry? entry))
                {
                    string known = entries.Count == 0 ? "the folder has no prompts" : $"the folder's prompts are: {string.Join(", ", entries.Values.Select(e => e.Id).Order(StringComparer.OrdinalIgnoreCase))}";
                    throw new PromptFormatException(indexPath, $"'latest' names the prompt '{property.Name}', which has no file; {known}.", null);
                }

                if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out int version))
                {
                    throw new PromptFormatException(indexPath, $"'latest.{property.Name}' must be a version number (got {property.Value.GetRawText()}).", null);
                }

                entry.Latest = entry.Versions.TryGetValue(version, out PromptTemplate? template)
                    ? template
                    : throw new PromptFormatException(
                        indexPath,
                        $"'latest.{property.Name}' names version {version}, but there is no file '{entry.Id}.v{version}.prompt'; the versions are: {entry.DescribeVersions()}.",
                        null);
            }
        }
    }

    private sealed class Entry(string id)
    {
        public string Id { get; } = id;

        public SortedList<int, PromptTemplate> Versions { get; } = [];

        public PromptTemplate? Unversioned { get; set; }

        public PromptTemplate Latest { get; set; } = null!;

        public string DescribeVersions()
        {
            var parts = Versions.Keys.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (Unversioned is not null)
            {
                parts.Add("unversioned");
            }

            return string.Join(", ", parts);
        }
    }
}
