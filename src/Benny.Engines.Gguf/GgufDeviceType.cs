namespace Benny.Engines.Gguf;

/// <summary>The kind of a ggml device (mirrors <c>enum ggml_backend_dev_type</c>).</summary>
public enum GgufDeviceType
{
    /// <summary>A CPU using system memory.</summary>
    Cpu = 0,

    /// <summary>A GPU with dedicated memory.</summary>
    Gpu = 1,

    /// <summary>An integrated GPU using host memory.</summary>
    IntegratedGpu = 2,

    /// <summary>An accelerator used together with the CPU backend (BLAS, AMX).</summary>
    Accelerator = 3,

    /// <summary>A device wrapping several others for tensor parallelism.</summary>
    Meta = 4,
}
