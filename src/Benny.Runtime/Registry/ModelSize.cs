namespace Benny.Runtime.Registry;

/// <summary>The size class of a model, the last part of a Benny name (<c>benny-&lt;purpose&gt;-&lt;s|m&gt;</c>).</summary>
public enum ModelSize
{
    /// <summary>A small model (<c>-s</c>): fast, for routing, classification and short answers.</summary>
    Small,

    /// <summary>A medium model (<c>-m</c>): slower, for reasoning, tools and long output.</summary>
    Medium,
}
