namespace Benny.Engines.Gguf.Native;

/// <summary>A folder the resolver tries for the llama.cpp natives.</summary>
/// <param name="Directory">The folder.</param>
/// <param name="Source">Where the folder came from (an option, the environment, a runtime package, the repository).</param>
/// <param name="Variant">The build the folder holds (<see cref="NativeVariant"/>).</param>
/// <param name="SkipReason">Why the folder is not tried (a GPU build whose system libraries are missing), or <see langword="null"/>.</param>
internal readonly record struct NativeCandidate(string Directory, string Source, string Variant, string? SkipReason);
