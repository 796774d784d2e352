using Microsoft.CodeAnalysis;

namespace Benny.Docs.Tests.Snippets;

public class SnippetCompilerTests
{
    private SnippetCompiler _compiler = null!;

    [OneTimeSetUp]
    public void CreateCompiler() => _compiler = SnippetCompiler.ForTestOutput();

    private static readonly SnippetContext Services = new(
        "services",
        "Contexts/services.cs",
        "global::Microsoft.Extensions.DependencyInjection.IServiceCollection services = new global::Microsoft.Extensions.DependencyInjection.ServiceCollection();\n");

    private static MarkdownSnippet Snippet(string code, string? context = null) => new("README.md", 40, code, context, false, "");

    [Test]
    public void GetErrors_SnippetWithoutRegistryUsing_ReportsModelDefinitionMissingAtTheMarkdownLine()
    {
        const string code = "using Microsoft.Extensions.AI;\n\nvar definition = new ModelDefinition { Engine = \"gguf\" };\nConsole.WriteLine(definition);";

        IReadOnlyList<Diagnostic> errors = _compiler.GetErrors(SnippetSource.Compose(Snippet(code), null));

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].Id, Is.EqualTo("CS0246"));
        Assert.That(errors[0].GetMessage(), Does.Contain("ModelDefinition"));
        FileLinePositionSpan span = errors[0].Location.GetMappedLineSpan();
        Assert.That((span.Path, span.StartLinePosition.Line + 1), Is.EqualTo(("README.md", 43)));
    }

    [Test]
    public void GetErrors_SameSnippetWithRegistryUsing_ReportsNothing()
    {
        const string code = "using Benny.Runtime.Registry;\nusing Microsoft.Extensions.AI;\n\nvar definition = new ModelDefinition { Engine = \"gguf\" };\nConsole.WriteLine(definition);";

        Assert.That(_compiler.GetErrors(SnippetSource.Compose(Snippet(code), null)), Is.Empty);
    }

    [Test]
    public void GetErrors_ImplicitUsingsOfAConsoleApp_AreAvailable()
    {
        const string code = "var lines = new List<string> { \"a\" }.Select(l => l.Trim()).ToArray();\nawait Task.Delay(1, CancellationToken.None);\nusing var http = new HttpClient();\nConsole.WriteLine(Path.Combine(lines));";

        Assert.That(_compiler.GetErrors(SnippetSource.Compose(Snippet(code), null)), Is.Empty);
    }

    [Test]
    public void GetErrors_ExtensionsAINotImported_ReportsIChatClientMissing()
    {
        IReadOnlyList<Diagnostic> errors = _compiler.GetErrors(SnippetSource.Compose(Snippet("IChatClient? client = null;"), null));

        Assert.That(errors.Select(e => e.Id), Is.EqualTo(new[] { "CS0246" }));
        Assert.That(errors[0].GetMessage(), Does.Contain("IChatClient"));
    }

    [Test]
    public void GetErrors_TestDependencyUsed_IsNotReferenced()
    {
        // NUnit is loaded by the test process but is no package a reader has: snippets must not see it.
        IReadOnlyList<Diagnostic> errors = _compiler.GetErrors(SnippetSource.Compose(Snippet("using NUnit.Framework;\nAssert.Pass();"), null));

        Assert.That(errors.Select(e => e.Id), Does.Contain("CS0246"));
    }

    [Test]
    public void GetErrors_WarningOnly_ReportsNothing()
    {
        // CS8600: a null literal converted to a non-nullable type, a warning in a nullable-enabled console app.
        Assert.That(_compiler.GetErrors(SnippetSource.Compose(Snippet("string s = null;\nConsole.WriteLine(s);"), null)), Is.Empty);
    }

    [Test]
    public void Compose_WithContext_PutsTheSnippetUsingsFirstAndTheContextBeforeItsStatements()
    {
        const string code = "using Microsoft.Extensions.DependencyInjection;\n\nservices.AddBenny();";

        string source = SnippetSource.Compose(Snippet(code, "services"), Services);

        Assert.That(_compiler.GetErrors(source), Is.Empty);
        Assert.That(source.IndexOf("using Microsoft", StringComparison.Ordinal), Is.LessThan(source.IndexOf("IServiceCollection services", StringComparison.Ordinal)));
        Assert.That(source.IndexOf("IServiceCollection services", StringComparison.Ordinal), Is.LessThan(source.IndexOf("services.AddBenny()", StringComparison.Ordinal)));
    }

    [Test]
    public void GetErrors_ContextButMissingUsing_StillReportsTheMissingUsingAtTheMarkdownLine()
    {
        // The context declares `services` with a qualified type, but does not import the namespace of AddBenny.
        const string code = "// registration\nservices.AddBenny();";

        IReadOnlyList<Diagnostic> errors = _compiler.GetErrors(SnippetSource.Compose(Snippet(code, "services"), Services));

        Assert.That(errors.Select(e => e.Id), Is.EqualTo(new[] { "CS1061" }));
        FileLinePositionSpan span = errors[0].Location.GetMappedLineSpan();
        Assert.That((span.Path, span.StartLinePosition.Line + 1), Is.EqualTo(("README.md", 42)));
    }

    [Test]
    public void GetErrors_ErrorInContext_IsReportedInTheContextFile()
    {
        var broken = new SnippetContext("broken", "Contexts/broken.cs", "int x = \"text\";\n");

        IReadOnlyList<Diagnostic> errors = _compiler.GetErrors(SnippetSource.Compose(Snippet("Console.WriteLine(x);", "broken"), broken));

        Assert.That(errors.Select(e => e.Location.GetMappedLineSpan().Path), Is.EqualTo(new[] { "Contexts/broken.cs" }));
    }
}
