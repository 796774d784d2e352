namespace Benny.Docs.Tests.Snippets;

/// <summary>
/// Statements that declare the variables a documentation fragment uses without declaring them
/// (a file <c>Contexts/NAME.cs</c> of this test project, named by <c>&lt;!-- snippet-context: NAME --&gt;</c>).
/// A context uses fully qualified type names and no <c>using</c> directive, so it never supplies a
/// namespace that the snippet forgot to import.
/// </summary>
/// <param name="Name">The context's name (its file name without <c>.cs</c>).</param>
/// <param name="FilePath">The context file's path as diagnostics show it (<c>Contexts/NAME.cs</c>).</param>
/// <param name="Source">The context file's text.</param>
public sealed record SnippetContext(string Name, string FilePath, string Source);
