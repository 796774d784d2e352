using System.Globalization;
using System.Text;
using Benny.Engines.Gguf.Tests.Support;

namespace Benny.Engines.Gguf.Tests.Native;

/// <summary>
/// What the C compiler says about the pinned headers: <c>sizeof</c> of structs and enums, <c>offsetof</c>/<c>sizeof</c> of
/// every field, and the value of every enum constant. Produced by <see cref="Run"/>, which generates a small C program
/// from the field and constant lists read out of the header text, compiles it against
/// <c>build/natives/llama-headers/include</c> with the system C compiler and runs it, all in a temporary folder that is
/// deleted afterwards.
/// </summary>
internal sealed class LlamaHeaderProbe
{
    private const string HeaderRelativePath = "build/natives/llama-headers/include";

    private LlamaHeaderProbe(string includeDirectory, IReadOnlyDictionary<string, string> headers)
    {
        IncludeDirectory = includeDirectory;
        Headers = headers;
    }

    /// <summary>Gets the folder holding <c>llama.h</c>.</summary>
    public string IncludeDirectory { get; }

    /// <summary>Gets the text of every header in <see cref="IncludeDirectory"/>, by file name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets the field names of each probed struct, in declaration order, as read from the header.</summary>
    public Dictionary<string, IReadOnlyList<string>> StructFields { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the constant names of each probed enum, in declaration order, as read from the header.</summary>
    public Dictionary<string, IReadOnlyList<string>> EnumConstants { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets <c>sizeof(struct X)</c> and <c>sizeof(enum X)</c>, keyed by <c>struct X</c> / <c>enum X</c>.</summary>
    public Dictionary<string, long> Sizes { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets <c>offsetof</c> and <c>sizeof</c> of each field, keyed by (struct name, field name).</summary>
    public Dictionary<(string Struct, string Field), (long Offset, long Size)> Fields { get; } = [];

    /// <summary>Gets the value of each enum constant, keyed by (enum name, constant).</summary>
    public Dictionary<(string Enum, string Constant), long> EnumValues { get; } = [];

    /// <summary>
    /// Reads the headers, then compiles and runs the probe for the given structs and enums.
    /// </summary>
    /// <exception cref="InvalidOperationException">The headers or a C compiler are missing, or the probe did not build or run; the message says what to do.</exception>
    public static LlamaHeaderProbe Run(IEnumerable<string> structNames, IEnumerable<string> enumNames)
    {
        string includeDirectory = FindIncludeDirectory();
        var headers = Directory.GetFiles(includeDirectory, "*.h")
            .ToDictionary(p => Path.GetFileName(p), File.ReadAllText, StringComparer.Ordinal);
        var probe = new LlamaHeaderProbe(includeDirectory, headers);

        foreach (string name in structNames)
        {
            probe.StructFields[name] = LlamaHeaderText.ReadStructFields(probe.HeaderDefining("struct", name), name);
        }

        foreach (string name in enumNames)
        {
            probe.EnumConstants[name] = LlamaHeaderText.ReadEnumConstants(probe.HeaderDefining("enum", name), name);
        }

        string compiler = CCompiler.Find("The layout test compiles a small C program against the pinned llama.h to compare struct layouts and enum values");
        DirectoryInfo work = Directory.CreateTempSubdirectory("benny-llama-layout-");
        try
        {
            string source = Path.Combine(work.FullName, "layout_probe.c");
            string binary = Path.Combine(work.FullName, "layout_probe");
            File.WriteAllText(source, probe.GenerateSource());

            (int compileExit, _, string compileErrors) = CCompiler.Execute(compiler, ["-I", includeDirectory, "-o", binary, source]);
            if (compileExit != 0)
            {
                throw new InvalidOperationException(
                    $"The layout probe did not compile against {includeDirectory} with {compiler} (exit {compileExit}):{Environment.NewLine}{compileErrors}");
            }

            (int runExit, string output, string runErrors) = CCompiler.Execute(binary, []);
            if (runExit != 0)
            {
                throw new InvalidOperationException($"The layout probe failed (exit {runExit}):{Environment.NewLine}{runErrors}");
            }

            probe.Parse(output);
        }
        finally
        {
            work.Delete(recursive: true);
        }

        return probe;
    }

    /// <summary>The text of the one header that defines <c><paramref name="keyword"/> <paramref name="name"/></c>.</summary>
    public string HeaderDefining(string keyword, string name)
    {
        string[] defining = Headers.Where(h => LlamaHeaderText.Defines(h.Value, keyword, name)).Select(h => h.Key).ToArray();
        return defining.Length == 1
            ? Headers[defining[0]]
            : throw new InvalidOperationException(
                $"{defining.Length} headers in {IncludeDirectory} define {keyword} {name} ({string.Join(", ", defining)}); expected exactly one.");
    }

    private string GenerateSource()
    {
        var c = new StringBuilder();
        c.AppendLine("/* Generated by Benny.Engines.Gguf.Tests (StructLayoutTests): layouts and enum values of the pinned llama.h. */");
        c.AppendLine("#include <stddef.h>");
        c.AppendLine("#include <stdio.h>");
        c.AppendLine("#include \"llama.h\"");
        c.AppendLine();
        c.AppendLine("int main(void) {");
        foreach ((string name, IReadOnlyList<string> fields) in StructFields)
        {
            c.AppendLine(CultureInfo.InvariantCulture, $"    printf(\"S struct_{name} %zu\\n\", sizeof(struct {name}));");
            foreach (string field in fields)
            {
                c.AppendLine(CultureInfo.InvariantCulture,
                    $"    printf(\"F {name} {field} %zu %zu\\n\", offsetof(struct {name}, {field}), sizeof(((struct {name} *)0)->{field}));");
            }
        }

        foreach ((string name, IReadOnlyList<string> constants) in EnumConstants)
        {
            c.AppendLine(CultureInfo.InvariantCulture, $"    printf(\"S enum_{name} %zu\\n\", sizeof(enum {name}));");
            foreach (string constant in constants)
            {
                c.AppendLine(CultureInfo.InvariantCulture, $"    printf(\"E {name} {constant} %lld\\n\", (long long){constant});");
            }
        }

        c.AppendLine("    return 0;");
        c.AppendLine("}");
        return c.ToString();
    }

    private void Parse(string output)
    {
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] part = line.Split(' ');
            switch (part[0])
            {
                case "S" when part.Length == 3:
                    string[] kind = part[1].Split('_', 2);
                    Sizes[$"{kind[0]} {kind[1]}"] = long.Parse(part[2], CultureInfo.InvariantCulture);
                    break;
                case "F" when part.Length == 5:
                    Fields[(part[1], part[2])] =
                        (long.Parse(part[3], CultureInfo.InvariantCulture), long.Parse(part[4], CultureInfo.InvariantCulture));
                    break;
                case "E" when part.Length == 4:
                    EnumValues[(part[1], part[2])] = long.Parse(part[3], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected line from the layout probe: '{line}'.");
            }
        }
    }

    private static string FindIncludeDirectory()
    {
        for (DirectoryInfo? dir = new(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Benny.Runtime.sln")))
            {
                continue;
            }

            string include = Path.GetFullPath(Path.Combine(dir.FullName, HeaderRelativePath));
            return File.Exists(Path.Combine(include, "llama.h"))
                ? include
                : throw new InvalidOperationException(
                    $"The pinned llama.cpp headers are missing: no llama.h in {include}. The build fetches them " +
                    "(build/llama-natives.sh, run by building Benny.Engines.Gguf unless BennySkipNativeFetch=true; it needs npm, openssl " +
                    "and git: apt-get install -y npm openssl git). Run `bash build/llama-natives.sh headers` from the repository root.");
        }

        throw new InvalidOperationException(
            $"No folder holding Benny.Runtime.sln above {TestContext.CurrentContext.TestDirectory}; the layout test runs from a repository checkout.");
    }
}
