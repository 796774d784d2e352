namespace Benny.Runtime.Routing;

/// <summary>How the <see cref="ClassifierTierPolicy"/>'s model answers.</summary>
public enum ClassifierDecisionFormat
{
    /// <summary>A bare tier label, such as <c>light</c> (constrained by a GBNF grammar when <see cref="ClassifierTierPolicyOptions.UseGrammar"/> is on).</summary>
    Label,

    /// <summary>
    /// A JSON route decision, <c>{"tier": "light", "reason": "..."}</c>, requested with
    /// <see cref="Microsoft.Extensions.AI.ChatResponseFormat.ForJsonSchema(System.Text.Json.JsonElement, string?, string?)"/> whose
    /// <c>tier</c> is an enum of the labels; the reason goes into the decision's reason.
    /// </summary>
    JsonSchema,
}
