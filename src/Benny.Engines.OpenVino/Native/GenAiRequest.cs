namespace Benny.Engines.OpenVino.Native;

/// <summary>One generation: a chat history rendered by the model's own chat template, and the settings.</summary>
/// <param name="Messages">(role, content) pairs; roles are <c>system</c>, <c>user</c>, <c>assistant</c>.</param>
/// <param name="Settings">The generation config.</param>
internal sealed record GenAiRequest(IReadOnlyList<(string Role, string Content)> Messages, GenAiGenerationSettings Settings);
