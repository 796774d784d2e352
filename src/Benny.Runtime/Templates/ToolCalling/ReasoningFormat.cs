namespace Benny.Runtime.Templates.ToolCalling;

/// <summary>How a model marks its reasoning ("thinking") in its output.</summary>
public enum ReasoningFormat
{
    /// <summary>No reasoning markup: everything is content.</summary>
    None = 0,

    /// <summary>
    /// The output may begin with <c>&lt;think&gt;...&lt;/think&gt;</c> (Qwen3). Only a block at the very start
    /// of the output (after whitespace) counts as reasoning.
    /// </summary>
    ThinkTags,

    /// <summary>
    /// The generation prompt ends with <c>&lt;think&gt;</c> (DeepSeek-R1 distills), so the output starts inside
    /// the reasoning and the first <c>&lt;/think&gt;</c> ends it. An output without <c>&lt;/think&gt;</c> is
    /// reasoning only.
    /// </summary>
    ThinkTagsOpenedByPrompt,
}
