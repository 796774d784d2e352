using System.Text.Json;

namespace Benny.Evaluation;

/// <summary>The tool call a golden case expects (<c>expected_tool_call</c>).</summary>
/// <param name="Name">The expected tool name.</param>
/// <param name="Arguments">The expected arguments (a JSON object), or <see langword="null"/> when only the name is expected.</param>
public sealed record GoldenToolCall(string Name, JsonElement? Arguments);
