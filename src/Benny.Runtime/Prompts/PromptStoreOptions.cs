namespace Benny.Runtime.Prompts;

/// <summary>Where prompt templates come from. Bound from <c>Benny:Prompts</c>.</summary>
public sealed class PromptStoreOptions
{
    /// <summary>Gets or sets the folder of <c>*.prompt</c> and <c>*.prompt.md</c> files (searched recursively). A leading <c>~</c> means the user's home folder.</summary>
    /// <value>Defaults to <see langword="null"/>: no prompt templates.</value>
    public string? Directory { get; set; }
}
