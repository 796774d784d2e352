namespace Benny.Engines.Gguf.Native;

/// <summary>The logical library names the imports use; <see cref="LlamaNativeLibrary"/> maps them to the pinned files.</summary>
internal static class LlamaLibraryNames
{
    /// <summary>libllama (<c>libllama.v0.5.0.so</c>, or <c>libllama.vulkan.v0.5.0.so</c> in the Vulkan build).</summary>
    public const string Llama = "llama";

    /// <summary>libggml, the backend registry (<c>libggml.v0.5.0.so</c>, or <c>libggml.vulkan.v0.5.0.so</c>).</summary>
    public const string Ggml = "ggml";

    /// <summary>libggml-base, tensors and devices (<c>libggml-base.so</c>).</summary>
    public const string GgmlBase = "ggml-base";

    /// <summary>The llama.cpp release the bindings target, as <c>llama_version()</c> reports it.</summary>
    public const string PinnedVersion = "0.5.0-dev";

    /// <summary>The llama.cpp source commit of that release (the <c>gitRelease.bundle</c> of npm <c>node-llama-cpp@3.22.1</c>).</summary>
    public const string SourceCommit = "de3ff815ea7d559ee917f063901b8986f038abc6";
}
