using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Benny.Evaluation;

/// <summary>
/// One case of a <see cref="GoldenSet"/>: what to ask (<see cref="Messages"/>, or a <see cref="PromptId"/> with
/// <see cref="Variables"/>) and what to expect. Each expectation is optional; an evaluator whose expectation a case lacks
/// reports nothing for it.
/// </summary>
public sealed class GoldenCase
{
    /// <summary>Gets the case id (<c>id</c>), unique within its set.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the 1-based line of the case in its file; 0 for a case built in code.</summary>
    public int LineNumber { get; init; }

    /// <summary>Gets the messages sent (<c>messages</c>); empty when the case names a prompt only.</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyList<ChatMessage> Messages { get; init; } = [];

    /// <summary>Gets the id of the prompt template the case is rendered with (<c>prompt</c>), or <see langword="null"/>.</summary>
    public string? PromptId { get; init; }

    /// <summary>Gets the prompt template variables (<c>variables</c>): strings, numbers (<see cref="long"/> or <see cref="double"/>), booleans, <see langword="null"/>, or <see cref="JsonElement"/> for arrays and objects.</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyDictionary<string, object?> Variables { get; init; } = new Dictionary<string, object?>();

    /// <summary>Gets the expected answer text (<c>expected</c>), or <see langword="null"/>.</summary>
    public string? Expected { get; init; }

    /// <summary>Gets the expected fields of a JSON answer or of the tool call's arguments (<c>expected_fields</c>, a JSON object), or <see langword="null"/>.</summary>
    public JsonElement? ExpectedFields { get; init; }

    /// <summary>Gets the JSON schema the answer must satisfy (<c>schema</c>), also sent as the response format; or <see langword="null"/>.</summary>
    public JsonElement? Schema { get; init; }

    /// <summary>Gets the tier the router is expected to choose (<c>expected_tier</c>), or <see langword="null"/>.</summary>
    public string? ExpectedTier { get; init; }

    /// <summary>Gets the tools offered to the model (<c>tools</c>).</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyList<GoldenTool> Tools { get; init; } = [];

    /// <summary>Gets the tool call expected (<c>expected_tool_call</c>), or <see langword="null"/>.</summary>
    public GoldenToolCall? ExpectedToolCall { get; init; }

    /// <summary>Gets the cap on output tokens for this case (<c>max_tokens</c>), or <see langword="null"/> for the variant's setting.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Gets the case's tags (<c>tags</c>).</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyList<string> Tags { get; init; } = [];
}
