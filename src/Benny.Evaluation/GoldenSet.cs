using System.Reflection;

namespace Benny.Evaluation;

/// <summary>
/// A golden set: named cases with expected answers, read from JSONL (one JSON object per line; blank lines and lines
/// starting with <c>//</c> are skipped). The format is described in <c>docs/evaluation.md</c>.
/// </summary>
public sealed class GoldenSet
{
    private const string ResourcePrefix = "Benny.Evaluation.GoldenSets.";
    private const string ResourceSuffix = ".jsonl";

    /// <summary>Initializes a new instance from cases built in code.</summary>
    /// <param name="name">The set's name, used in reports and messages.</param>
    /// <param name="cases">The cases; ids must be unique.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="cases"/> is <see langword="null"/>, or a case is.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or two cases share an id.</exception>
    public GoldenSet(string name, IEnumerable<GoldenCase> cases)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(cases);
        var list = new List<GoldenCase>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (GoldenCase golden in cases)
        {
            ArgumentNullException.ThrowIfNull(golden, nameof(cases));
            if (!ids.Add(golden.Id))
            {
                throw new ArgumentException($"The golden set '{name}' has the case id '{golden.Id}' twice; ids must be unique.", nameof(cases));
            }

            list.Add(golden);
        }

        Name = name;
        Cases = list;
    }

    /// <summary>Gets the set's name: the file name for a loaded file, the purpose for a built-in set.</summary>
    public string Name { get; }

    /// <summary>Gets the cases, in file order.</summary>
    public IReadOnlyList<GoldenCase> Cases { get; }

    /// <summary>Gets the purposes of the golden sets shipped in this package (<c>classify</c>, <c>extract</c>, ...), sorted.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } =
    [
        .. typeof(GoldenSet).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^ResourceSuffix.Length])
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Reads a JSONL golden set file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The set, named after the file.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="GoldenSetFormatException">A line is malformed (the message names the file, line and field).</exception>
    public static GoldenSet Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The golden set file '{Path.GetFullPath(path)}' does not exist.", path);
        }

        using var reader = new StreamReader(path);
        return Parse(reader, Path.GetFileName(path));
    }

    /// <summary>Reads a JSONL golden set.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="name">The set's name, used in messages (usually the file name).</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="GoldenSetFormatException">A line is malformed (the message names the set, line and field), two cases share an id, or the set has no case.</exception>
    public static GoldenSet Parse(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var cases = new List<GoldenCase>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            GoldenCase golden = GoldenCaseParser.Parse(trimmed, name, lineNumber);
            if (ids.TryGetValue(golden.Id, out int first))
            {
                throw new GoldenSetFormatException(name, lineNumber, $"'id' '{golden.Id}' is already used on line {first}; ids must be unique within a set.");
            }

            ids[golden.Id] = lineNumber;
            cases.Add(golden);
        }

        if (cases.Count == 0)
        {
            throw new GoldenSetFormatException($"{name}: the golden set has no case (one JSON object per line is expected).");
        }

        return new GoldenSet(name, cases);
    }

    /// <summary>Reads a golden set shipped in this package.</summary>
    /// <param name="purpose">The purpose (<c>classify</c>, <c>extract</c>, ...; see <see cref="BuiltInNames"/>), case-insensitive.</param>
    /// <returns>The set, named <c>PURPOSE.jsonl</c> (as its file in the package).</returns>
    /// <exception cref="ArgumentException"><paramref name="purpose"/> is empty, or no such set is shipped (the message lists those that are).</exception>
    public static GoldenSet BuiltIn(string purpose)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        string? match = BuiltInNames.FirstOrDefault(n => string.Equals(n, purpose, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            throw new ArgumentException(
                $"There is no built-in golden set '{purpose}'. Built-in sets: {(BuiltInNames.Count == 0 ? "none" : string.Join(", ", BuiltInNames))}.",
                nameof(purpose));
        }

        Assembly assembly = typeof(GoldenSet).Assembly;
        using Stream stream = assembly.GetManifestResourceStream(ResourcePrefix + match + ResourceSuffix)!;
        using var reader = new StreamReader(stream);
        return Parse(reader, match + ResourceSuffix);
    }
}
