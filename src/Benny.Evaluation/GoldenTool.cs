using System.Text.Json;

namespace Benny.Evaluation;

/// <summary>A tool a golden case offers the model (<c>tools</c>): a name, a description and the JSON schema of its parameters.</summary>
/// <param name="Name">The tool name.</param>
/// <param name="Description">What the tool does, as the model reads it; empty when not given.</param>
/// <param name="Parameters">The JSON schema of the arguments (an object schema); an empty object schema when not given.</param>
public sealed record GoldenTool(string Name, string Description, JsonElement Parameters);
