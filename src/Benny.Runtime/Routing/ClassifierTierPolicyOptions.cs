namespace Benny.Runtime.Routing;

/// <summary>Settings of a <see cref="ClassifierTierPolicy"/>. Bound from <c>Benny:Router:Classifier</c>.</summary>
public sealed class ClassifierTierPolicyOptions
{
    /// <summary>Gets or sets how long the classifier may take before the fallback policy decides instead.</summary>
    /// <value>Defaults to 5 seconds. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits as long as it takes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets whether the classifier's output is constrained to the tier labels by a GBNF grammar (<see cref="Presets.ConstrainedOutput.GbnfGrammarKey"/>).</summary>
    /// <value>
    /// Defaults to <see langword="false"/>: the answer is parsed and checked instead. <c>AddTierRouter</c> turns it on when the
    /// classifier tier is a <c>gguf</c> model. Answers are checked either way.
    /// </value>
    public bool UseGrammar { get; set; }

    /// <summary>Gets or sets how the classifier answers: a bare tier label, or a JSON route decision with a reason under a JSON schema.</summary>
    /// <value>
    /// Defaults to <see cref="ClassifierDecisionFormat.Label"/>. With <see cref="ClassifierDecisionFormat.JsonSchema"/> the request carries
    /// <c>ChatResponseFormat.ForJsonSchema</c> (engines with structured output, such as the GGUF engine, enforce it) and
    /// <see cref="UseGrammar"/> is not used, since an explicit grammar would take precedence over the schema.
    /// </value>
    public ClassifierDecisionFormat DecisionFormat { get; set; }

    /// <summary>Gets or sets whether decisions are remembered per request text and tier set, so a repeated request skips the classifier.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool CacheDecisions { get; set; }

    /// <summary>Gets or sets the most decisions remembered; when full, the oldest is dropped.</summary>
    /// <value>Defaults to 256.</value>
    public int CacheSize { get; set; } = 256;

    /// <summary>Adds a line to <paramref name="errors"/> for each invalid setting, naming its configuration field.</summary>
    /// <param name="field">The configuration path, such as <c>Benny:Router:Classifier</c>.</param>
    /// <param name="errors">Receives the problems.</param>
    internal void CollectErrors(string field, List<string> errors)
    {
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{field}:Timeout is {Timeout}; it must be positive, or -00:00:00.001 (Timeout.InfiniteTimeSpan) to wait as long as it takes.");
        }

        if (CacheSize < 1)
        {
            errors.Add($"{field}:CacheSize is {CacheSize}; it must be 1 or more.");
        }
    }
}
