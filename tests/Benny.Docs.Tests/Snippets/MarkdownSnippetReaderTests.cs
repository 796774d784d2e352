namespace Benny.Docs.Tests.Snippets;

public class MarkdownSnippetReaderTests
{
    [TestCase("csharp")]
    [TestCase("cs")]
    [TestCase("c#")]
    [TestCase("CSharp")]
    [TestCase("csharp title=\"x\"")]
    public void Read_CSharpInfoString_ReturnsTheBlock(string info)
    {
        IReadOnlyList<MarkdownSnippet> snippets = MarkdownSnippetReader.Read("a.md", $"text\n```{info}\nvar x = 1;\n```\n");

        Assert.That(snippets, Has.Count.EqualTo(1));
        Assert.That(snippets[0].Code, Is.EqualTo("var x = 1;"));
        Assert.That(snippets[0].Location, Is.EqualTo("a.md:2"));
        Assert.That(snippets[0].FirstCodeLine, Is.EqualTo(3));
    }

    [TestCase("json")]
    [TestCase("bash")]
    [TestCase("")]
    [TestCase("text")]
    public void Read_OtherLanguage_IgnoresTheBlock(string info)
    {
        Assert.That(MarkdownSnippetReader.Read("a.md", $"```{info}\nnot C#\n```\n"), Is.Empty);
    }

    [Test]
    public void Read_IndentedAndTildeFences_UnindentsTheCode()
    {
        const string markdown = "- item\n\n  ```csharp\n  if (true)\n      Run();\n  ```\n\n~~~cs\nvar y = 2;\n~~~\n";

        IReadOnlyList<MarkdownSnippet> snippets = MarkdownSnippetReader.Read("a.md", markdown);

        Assert.That(snippets.Select(s => s.Code), Is.EqualTo(new[] { "if (true)\n    Run();", "var y = 2;" }));
        Assert.That(snippets.Select(s => s.FenceLine), Is.EqualTo(new[] { 3, 8 }));
    }

    [Test]
    public void Read_LongerFence_KeepsShorterFencesInsideTheBlock()
    {
        IReadOnlyList<MarkdownSnippet> snippets = MarkdownSnippetReader.Read("a.md", "````csharp\nvar s = \"\"\"\n```\n\"\"\";\n````\n");

        Assert.That(snippets.Single().Code, Is.EqualTo("var s = \"\"\"\n```\n\"\"\";"));
    }

    [Test]
    public void Read_Markers_AttachToTheNextBlockOnly()
    {
        const string markdown = "<!-- snippet-context: services -->\n\n```csharp\nA();\n```\n<!-- snippet-skip: pseudo-code -->\n```csharp\nB\n```\n```csharp\nC();\n```\n";

        IReadOnlyList<MarkdownSnippet> snippets = MarkdownSnippetReader.Read("a.md", markdown);

        Assert.That(snippets.Select(s => (s.Context, s.IsSkipped, s.SkipReason)), Is.EqualTo(new[]
        {
            ("services", false, ""),
            ((string?)null, true, "pseudo-code"),
            ((string?)null, false, ""),
        }));
    }

    [TestCase("<!-- snippet-skip -->")]
    [TestCase("<!-- snippet-skip: -->")]
    [TestCase("<!--snippet-skip:   -->")]
    public void Read_SkipWithoutReason_IsSkippedWithAnEmptyReason(string marker)
    {
        MarkdownSnippet snippet = MarkdownSnippetReader.Read("a.md", $"{marker}\n```csharp\nx\n```\n").Single();

        Assert.That(snippet.IsSkipped, Is.True);
        Assert.That(snippet.SkipReason, Is.Empty);
    }

    [TestCase("```csharp\nvar x = 1;\n", "a.md:1: the code fence ``` is never closed.")]
    [TestCase("<!-- snippet-skp: typo -->\n```csharp\nx\n```\n", "a.md:1: unknown snippet marker 'snippet-skp' (known: snippet-context, snippet-skip).")]
    [TestCase("<!-- snippet-context -->\n```csharp\nx\n```\n", "a.md:1: snippet-context needs a name: <!-- snippet-context: services -->.")]
    [TestCase("<!-- snippet-context: client -->\ntext\n```csharp\nx\n```\n", "a.md:1: a snippet marker must stand right before the code block it applies to.")]
    [TestCase("<!-- snippet-skip: why -->\n```json\n{}\n```\n", "a.md:1: a snippet marker precedes a block that is not C# ('json').")]
    [TestCase("text\n<!-- snippet-skip: why -->\n", "a.md:2: a snippet marker is not followed by a code block.")]
    public void Read_MalformedMarkdown_ThrowsWithTheLocation(string markdown, string message)
    {
        var exception = Assert.Throws<FormatException>(() => MarkdownSnippetReader.Read("a.md", markdown));

        Assert.That(exception!.Message, Is.EqualTo(message));
    }
}
