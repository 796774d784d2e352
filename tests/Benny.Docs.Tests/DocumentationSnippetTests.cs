using Benny.Docs.Tests.Snippets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Benny.Docs.Tests;

// Every ```csharp (or ```cs, ```c#) block of README.md, src/*/README.md and docs/**/*.md must compile.
// The rules (also in docs/architecture.md, "Documentation snippets"):
// - A block is compiled as a console program with top-level statements, with the implicit global usings
//   of a `dotnet new console` app (System, System.Collections.Generic, System.IO, System.Linq,
//   System.Net.Http, System.Threading, System.Threading.Tasks) and nothing else: a block shows its other
//   `using` lines, and a missing one is a compile error. References: the shared framework (from the
//   process's TRUSTED_PLATFORM_ASSEMBLIES) and the Benny.* and Microsoft.Extensions.* assemblies of the
//   test output folder with what they reference (SnippetReferences).
// - `<!-- snippet-context: NAME -->` right before a block: the block may use the variables that
//   Contexts/NAME.cs declares. The program is the block's own `using` lines, then the context's
//   statements, then the rest of the block. Contexts use fully qualified names and no `using`.
// - `<!-- snippet-skip: reason -->` right before a block: it is not compiled (pseudo-code, a member
//   list); the test case is reported as ignored with the reason. A skip without a reason fails.
// - Blocks of other languages (json, bash, none, ...) are ignored.
// - One test case per block, named Snippet_Compiles(FILE:LINE) after the opening fence; errors fail it
//   with the Roslyn diagnostics, mapped to the Markdown lines; warnings do not.
public class DocumentationSnippetTests
{
    private SnippetCompiler _compiler = null!;
    private SnippetContextStore _contexts = null!;

    [OneTimeSetUp]
    public void CreateCompiler()
    {
        _compiler = SnippetCompiler.ForTestOutput();
        _contexts = SnippetContextStore.FromTestOutput();
    }

    public static IEnumerable<TestCaseData> Snippets()
    {
        string root = RepositoryRoot.Find();
        foreach (string file in DocumentationFiles.Find(root))
        {
            foreach (MarkdownSnippet snippet in MarkdownSnippetReader.Read(file, File.ReadAllText(Path.Combine(root, file))))
            {
                yield return new TestCaseData(snippet).SetName($"Snippet_Compiles({snippet.Location})");
            }
        }
    }

    [TestCaseSource(nameof(Snippets))]
    public void Snippet_Compiles(MarkdownSnippet snippet)
    {
        if (snippet.IsSkipped)
        {
            if (string.IsNullOrWhiteSpace(snippet.SkipReason))
            {
                Assert.Fail($"{snippet.Location}: a skipped snippet needs a reason: <!-- snippet-skip: why it cannot compile -->");
            }

            Assert.Ignore($"{snippet.Location} is not compiled: {snippet.SkipReason}");
        }

        SnippetContext? context = null;
        if (snippet.Context is not null && !_contexts.TryGet(snippet.Context, out context))
        {
            Assert.Fail($"{snippet.Location}: unknown snippet context '{snippet.Context}'; the contexts are: "
                + string.Join(", ", _contexts.All.Select(c => c.Name)) + " (tests/Benny.Docs.Tests/Contexts).");
        }

        IReadOnlyList<Diagnostic> errors = _compiler.GetErrors(SnippetSource.Compose(snippet, context));

        if (errors.Count > 0)
        {
            Assert.Fail($"{snippet.Location} does not compile:\n" + string.Join("\n", errors));
        }
    }

    [Test]
    public void Discovery_RepositoryDocumentation_FindsCSharpBlocksInReadmeAndDocs()
    {
        string root = RepositoryRoot.Find();
        IReadOnlyList<string> files = DocumentationFiles.Find(root);
        var withSnippets = files
            .Where(file => MarkdownSnippetReader.Read(file, File.ReadAllText(Path.Combine(root, file))).Count > 0)
            .ToList();

        Assert.That(files, Does.Contain("README.md").And.Contain("docs/configuration.md").And.Contain("src/Benny.Runtime/README.md"));
        Assert.That(withSnippets, Does.Contain("README.md").And.Contain("docs/engines/gguf.md"));
    }

    [Test]
    public void Contexts_EachContext_DeclaresNoUsingDirective()
    {
        Assert.That(_contexts.All, Is.Not.Empty);
        foreach (SnippetContext context in _contexts.All)
        {
            var root = CSharpSyntaxTree.ParseText(context.Source, SnippetCompiler.ParseOptions)
                .GetCompilationUnitRoot();
            Assert.That(root.Usings, Is.Empty, $"{context.FilePath} must use fully qualified names, not using directives.");
        }
    }
}
