using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Benny.Docs.Tests.Snippets;

/// <summary>
/// Turns a snippet, and the context it names, into the source of one console program:
/// the snippet's own <c>using</c> directives first, then the context's statements, then the rest of
/// the snippet. <c>#line</c> directives map every line back to the Markdown file (or the context file),
/// so a diagnostic says <c>README.md(92,1)</c>.
/// </summary>
public static class SnippetSource
{
    /// <summary>Composes the program source of a snippet.</summary>
    /// <param name="snippet">The snippet.</param>
    /// <param name="context">The context the snippet names, or <see langword="null"/> when it names none.</param>
    /// <returns>The C# source to compile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snippet"/> is null.</exception>
    public static string Compose(MarkdownSnippet snippet, SnippetContext? context)
    {
        ArgumentNullException.ThrowIfNull(snippet);

        string code = snippet.Code.ReplaceLineEndings("\n");
        var source = new StringBuilder();
        if (context is null)
        {
            AppendLineDirective(source, snippet.FirstCodeLine, snippet.FilePath);
            source.Append(code).Append('\n');
            return source.ToString();
        }

        CompilationUnitSyntax root = CSharpSyntaxTree.ParseText(code, SnippetCompiler.ParseOptions).GetCompilationUnitRoot();
        int split = root.Usings.Count > 0 ? root.Usings[^1].FullSpan.End : 0;
        string usings = code[..split];
        if (usings.Length > 0 && !usings.EndsWith('\n'))
        {
            usings += "\n";
        }

        AppendLineDirective(source, snippet.FirstCodeLine, snippet.FilePath);
        source.Append(usings);
        AppendLineDirective(source, 1, context.FilePath);
        source.Append(context.Source.ReplaceLineEndings("\n"));
        if (!context.Source.EndsWith('\n'))
        {
            source.Append('\n');
        }

        AppendLineDirective(source, snippet.FirstCodeLine + usings.Count(c => c == '\n'), snippet.FilePath);
        source.Append(code[split..]).Append('\n');
        return source.ToString();
    }

    private static void AppendLineDirective(StringBuilder source, int line, string filePath) =>
        source.Append("#line ").Append(line).Append(" \"").Append(filePath).Append("\"\n");
}
