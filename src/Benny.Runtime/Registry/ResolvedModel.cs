namespace Benny.Runtime.Registry;

/// <summary>A model name resolved through its alias chain.</summary>
/// <param name="Requested">The entry of the name asked for; its purpose, preset and prompt apply to requests.</param>
/// <param name="Target">The non-alias entry whose loaded instance serves the requests (the same as <paramref name="Requested"/> when it is no alias).</param>
public sealed record ResolvedModel(ModelDefinition Requested, ModelDefinition Target)
{
    /// <summary>Gets whether the requested name is an alias of another entry.</summary>
    public bool IsAlias => !ReferenceEquals(Requested, Target);
}
