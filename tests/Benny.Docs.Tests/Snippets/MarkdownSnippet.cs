namespace Benny.Docs.Tests.Snippets;

/// <summary>A C# fenced code block of a Markdown file, with the snippet markers that precede it.</summary>
/// <param name="FilePath">The Markdown file, relative to the repository root, with forward slashes.</param>
/// <param name="FenceLine">The 1-based line of the opening fence (<c>```csharp</c>).</param>
/// <param name="Code">The block's text, without the fences and without the fence's indentation.</param>
/// <param name="Context">The name given by <c>&lt;!-- snippet-context: name --&gt;</c>, or <see langword="null"/>.</param>
/// <param name="IsSkipped">Whether a <c>&lt;!-- snippet-skip: reason --&gt;</c> marker precedes the block.</param>
/// <param name="SkipReason">The skip marker's reason; empty when the marker gives none.</param>
public sealed record MarkdownSnippet(string FilePath, int FenceLine, string Code, string? Context, bool IsSkipped, string SkipReason)
{
    /// <summary>Gets the 1-based line of the block's first line of code.</summary>
    public int FirstCodeLine => FenceLine + 1;

    /// <summary>Gets <c>file:line</c> of the opening fence, the name of the snippet in test results.</summary>
    public string Location => $"{FilePath}:{FenceLine}";

    /// <inheritdoc />
    public override string ToString() => Location;
}
