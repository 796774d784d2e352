using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Benny.Docs.Tests.Snippets;

/// <summary>
/// Compiles documentation snippets as console programs with top-level statements, the way a new
/// <c>dotnet new console</c> app builds them: nullable enabled, the latest language version, and only
/// that template's implicit global usings.
/// </summary>
/// <remarks>
/// The references are bound once, in a base compilation; each snippet is compiled as that compilation
/// plus one syntax tree, which reuses the bound references. Instances are immutable and thread-safe.
/// </remarks>
public sealed class SnippetCompiler
{
    /// <summary>The implicit global usings of a <c>dotnet new console</c> app (Microsoft.NET.Sdk), and nothing else.</summary>
    public static readonly IReadOnlyList<string> ImplicitUsings =
    [
        "System",
        "System.Collections.Generic",
        "System.IO",
        "System.Linq",
        "System.Net.Http",
        "System.Threading",
        "System.Threading.Tasks",
    ];

    /// <summary>The parse options of snippets and contexts.</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    private readonly CSharpCompilation _baseCompilation;

    /// <summary>Initializes a compiler over the given references.</summary>
    /// <param name="references">The assemblies snippets compile against.</param>
    /// <exception cref="ArgumentNullException"><paramref name="references"/> is null.</exception>
    public SnippetCompiler(IEnumerable<MetadataReference> references)
    {
        ArgumentNullException.ThrowIfNull(references);

        string globalUsings = string.Concat(ImplicitUsings.Select(name => $"global using global::{name};\n"));
        _baseCompilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(globalUsings, ParseOptions, path: "GlobalUsings.g.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>Creates a compiler over <see cref="SnippetReferences"/> of the test output folder.</summary>
    /// <returns>The compiler.</returns>
    public static SnippetCompiler ForTestOutput() => new(SnippetReferences.Create(AppContext.BaseDirectory));

    /// <summary>Compiles one program and returns its errors (warnings do not count).</summary>
    /// <param name="source">The program's source, typically from <see cref="SnippetSource.Compose"/>.</param>
    /// <returns>The errors, in source order; empty when the program compiles.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public ImmutableArray<Diagnostic> GetErrors(string source)
    {
        ArgumentNullException.ThrowIfNull(source);

        SyntaxTree tree = CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Program.cs");
        return [.. _baseCompilation.AddSyntaxTrees(tree).GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)];
    }
}
