namespace Benny.Engines.Gguf;

/// <summary>Which ggml backend runs a model.</summary>
public enum GgufBackend
{
    /// <summary>The best device the loaded backends report: a GPU when one is present (all layers offloaded), else the CPU.</summary>
    Auto,

    /// <summary>The CPU backend only (no layers offloaded).</summary>
    Cpu,

    /// <summary>A Vulkan device (needs the Vulkan natives and a Vulkan driver).</summary>
    Vulkan,

    /// <summary>A CUDA device (needs the CUDA natives and an NVIDIA driver).</summary>
    Cuda,

    /// <summary>A ROCm/HIP device (needs the HIP natives and an AMD ROCm driver).</summary>
    Hip,
}
