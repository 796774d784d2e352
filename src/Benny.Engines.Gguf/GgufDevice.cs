namespace Benny.Engines.Gguf;

/// <summary>A device that a loaded ggml backend reports.</summary>
/// <param name="Index">The device index in ggml's list (what <see cref="GgufEngineOptions.MainGpu"/> counts among GPUs).</param>
/// <param name="Name">The device name (<c>CPU</c>, <c>Vulkan0</c>, <c>CUDA0</c>, ...).</param>
/// <param name="Description">The device description (for example the GPU model).</param>
/// <param name="Backend">The backend that reports it (<c>CPU</c>, <c>Vulkan</c>, <c>CUDA</c>, ...).</param>
/// <param name="Type">The kind of device.</param>
/// <param name="FreeMemoryBytes">Free memory in bytes, as the backend reports it.</param>
/// <param name="TotalMemoryBytes">Total memory in bytes, as the backend reports it.</param>
public sealed record GgufDevice(int Index, string Name, string Description, string Backend, GgufDeviceType Type, long FreeMemoryBytes, long TotalMemoryBytes);
