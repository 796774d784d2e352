namespace Benny.Runtime.Routing;

/// <summary>
/// What a request asks of a model, as far as the caller knows: the facts a <see cref="ITierPolicy"/> routes on.
/// Every property is optional; <see langword="null"/> means "unknown".
/// </summary>
/// <remarks>
/// Attach a profile to a request with <see cref="TaskProfileChatOptionsExtensions.WithTaskProfile"/>. The router
/// completes it with what the request itself shows (<see cref="TaskProfileChatOptionsExtensions.ResolveTaskProfile"/>).
/// </remarks>
public sealed record TaskProfile
{
    /// <summary>Gets the task type, such as <c>routing</c>, <c>classification</c>, <c>intent_detection</c>, <c>asr_cleanup</c>, <c>reasoning</c> or <c>summarization</c>.</summary>
    /// <value>Any string; rules compare it case-insensitively. <see langword="null"/> when unknown.</value>
    public string? Type { get; init; }

    /// <summary>Gets how many tokens the answer is expected to have.</summary>
    /// <value><see langword="null"/> when unknown; inferred from <see cref="Microsoft.Extensions.AI.ChatOptions.MaxOutputTokens"/> when unset.</value>
    public int? EstimatedOutputTokens { get; init; }

    /// <summary>Gets whether the task needs tool (function) calls.</summary>
    /// <value><see langword="null"/> when unknown; inferred as <see langword="true"/> when the request offers tools.</value>
    public bool? RequiresTools { get; init; }

    /// <summary>Gets whether the task needs planning (breaking a goal into steps).</summary>
    /// <value><see langword="null"/> when unknown.</value>
    public bool? RequiresPlanning { get; init; }

    /// <summary>Gets how many steps the task takes.</summary>
    /// <value><see langword="null"/> when unknown.</value>
    public int? Steps { get; init; }

    /// <summary>Gets how demanding the task is.</summary>
    /// <value><see langword="null"/> when unknown.</value>
    public TaskComplexity? Complexity { get; init; }

    /// <summary>Gets the business domain of the task, such as <c>erp</c>, <c>crm</c>, <c>it_ops</c> or <c>oa</c>.</summary>
    /// <value>Any string; rules compare it case-insensitively. <see langword="null"/> when unknown.</value>
    public string? Domain { get; init; }
}
