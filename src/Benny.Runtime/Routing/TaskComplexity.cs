namespace Benny.Runtime.Routing;

/// <summary>How demanding a task is, as the caller judges it (see <see cref="TaskProfile.Complexity"/>).</summary>
public enum TaskComplexity
{
    /// <summary>A simple task a small model handles well.</summary>
    Low,

    /// <summary>A task of moderate difficulty.</summary>
    Medium,

    /// <summary>A demanding task: reasoning, planning, long or structured output.</summary>
    High,
}
