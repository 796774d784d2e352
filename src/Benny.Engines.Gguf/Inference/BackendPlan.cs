namespace Benny.Engines.Gguf.Inference;

/// <summary>Where a model runs: the backend, the ggml devices it may use and how many layers are offloaded.</summary>
/// <param name="Backend">The backend chosen (never <see cref="GgufBackend.Auto"/>).</param>
/// <param name="Devices">The devices passed to llama.cpp (empty for the CPU backend).</param>
/// <param name="GpuLayers">Layers offloaded to <paramref name="Devices"/>; negative means all.</param>
internal sealed record BackendPlan(GgufBackend Backend, IReadOnlyList<GgufDevice> Devices, int GpuLayers)
{
    /// <summary>Chooses the plan for <paramref name="requested"/> among <paramref name="available"/> devices.</summary>
    /// <param name="requested">The configured backend.</param>
    /// <param name="gpuLayers">The configured layer count, or <see langword="null"/> for all on a GPU backend.</param>
    /// <param name="mainGpu">Which of the backend's GPUs to use (from 0).</param>
    /// <param name="available">The devices the loaded ggml backends report.</param>
    /// <exception cref="InvalidOperationException">The requested backend has no device (the message lists the devices there are and how to get one).</exception>
    public static BackendPlan Choose(GgufBackend requested, int? gpuLayers, int mainGpu, IReadOnlyList<GgufDevice> available)
    {
        if (requested == GgufBackend.Auto)
        {
            GgufDevice? gpu = available.FirstOrDefault(d => d.Type is GgufDeviceType.Gpu or GgufDeviceType.IntegratedGpu);
            requested = gpu is null ? GgufBackend.Cpu : BackendOf(gpu) ?? GgufBackend.Cpu;
        }

        if (requested == GgufBackend.Cpu)
        {
            return new BackendPlan(GgufBackend.Cpu, [], 0);
        }

        GgufDevice[] candidates = [.. available.Where(d => d.Type is GgufDeviceType.Gpu or GgufDeviceType.IntegratedGpu && BackendOf(d) == requested)];
        if (candidates.Length == 0)
        {
            string devices = string.Join(", ", available.Select(d => $"{d.Name} ({d.Backend}, {d.Type})"));
            string hint = requested switch
            {
                GgufBackend.Vulkan => "Fetch the Vulkan natives (bash build/llama-natives.sh vulkan) and install a Vulkan driver; on a machine without a GPU, Mesa's software device works: apt-get install mesa-vulkan-drivers and set GGML_VK_VISIBLE_DEVICES=0.",
                GgufBackend.Cuda => "Use the CUDA build of the natives (@node-llama-cpp/linux-x64-cuda) and an NVIDIA driver.",
                _ => "Use natives built with ROCm/HIP and an AMD ROCm driver.",
            };
            throw new InvalidOperationException($"Backend {requested} was requested, but no {requested} device is available (devices: {devices}). {hint} Or set Backend to Auto or Cpu.");
        }

        if (mainGpu < 0 || mainGpu >= candidates.Length)
        {
            throw new InvalidOperationException($"MainGpu is {mainGpu}, but the {requested} backend has {candidates.Length} device(s) (0 to {candidates.Length - 1}).");
        }

        return new BackendPlan(requested, [candidates[mainGpu]], gpuLayers ?? -1);
    }

    /// <summary>The Benny backend of a ggml device, from its backend name.</summary>
    internal static GgufBackend? BackendOf(GgufDevice device) => device.Backend.ToUpperInvariant() switch
    {
        "CPU" => GgufBackend.Cpu,
        "VULKAN" => GgufBackend.Vulkan,
        "CUDA" => GgufBackend.Cuda,
        "ROCM" or "HIP" => GgufBackend.Hip,
        _ => null,
    };

    /// <inheritdoc />
    public override string ToString()
        => Backend == GgufBackend.Cpu ? "CPU backend, no layers offloaded"
            : $"{Backend} on {string.Join(", ", Devices.Select(d => $"{d.Name} ({d.Description})"))}, {(GpuLayers < 0 ? "all" : GpuLayers.ToString(System.Globalization.CultureInfo.InvariantCulture))} layers offloaded";
}
