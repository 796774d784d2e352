namespace Benny.Runtime.Prompts;

/// <summary>One input variable declared in a prompt template's <c>input.schema</c>.</summary>
/// <param name="Name">The variable name as used in the template (without the optional marker <c>?</c>).</param>
/// <param name="Type">The declared type.</param>
/// <param name="Required">
/// <see langword="true"/> unless the schema name ends in <c>?</c> (or the object form says <c>required: false</c>);
/// a required variable must be supplied to <see cref="PromptTemplate.Render"/>.
/// </param>
/// <param name="Description">The description after the type (<c>name: string, the description</c>), or <see langword="null"/>.</param>
public sealed record PromptVariable(string Name, PromptVariableType Type, bool Required, string? Description);
