using Benny.Engines.Gguf.Inference;

namespace Benny.Engines.Gguf.Tests.Inference;

public class BackendPlanTests
{
    private static readonly GgufDevice Cpu = new(0, "CPU", "Xeon", "CPU", GgufDeviceType.Cpu, 0, 0);
    private static readonly GgufDevice Vulkan0 = new(1, "Vulkan0", "llvmpipe", "Vulkan", GgufDeviceType.Gpu, 0, 0);
    private static readonly GgufDevice Vulkan1 = new(2, "Vulkan1", "Radeon", "Vulkan", GgufDeviceType.Gpu, 0, 0);
    private static readonly GgufDevice Cuda0 = new(3, "CUDA0", "H100", "CUDA", GgufDeviceType.Gpu, 0, 0);

    [Test]
    public void Choose_AutoWithoutGpu_IsCpuWithNothingOffloaded()
    {
        BackendPlan plan = BackendPlan.Choose(GgufBackend.Auto, null, 0, [Cpu]);

        Assert.That((plan.Backend, plan.Devices.Count, plan.GpuLayers), Is.EqualTo((GgufBackend.Cpu, 0, 0)));
    }

    [Test]
    public void Choose_AutoWithGpu_OffloadsAllLayersToTheFirstGpu()
    {
        BackendPlan plan = BackendPlan.Choose(GgufBackend.Auto, null, 0, [Cpu, Cuda0, Vulkan0]);

        Assert.That((plan.Backend, plan.Devices.Single(), plan.GpuLayers), Is.EqualTo((GgufBackend.Cuda, Cuda0, -1)));
    }

    [Test]
    public void Choose_VulkanWithMainGpuAndLayers_UsesThatDevice()
    {
        BackendPlan plan = BackendPlan.Choose(GgufBackend.Vulkan, 12, 1, [Cpu, Vulkan0, Vulkan1]);

        Assert.That((plan.Devices.Single(), plan.GpuLayers), Is.EqualTo((Vulkan1, 12)));
        Assert.That(plan.ToString(), Is.EqualTo("Vulkan on Vulkan1 (Radeon), 12 layers offloaded"));
    }

    [Test]
    public void Choose_CpuEvenWithGpus_OffloadsNothing()
    {
        Assert.That(BackendPlan.Choose(GgufBackend.Cpu, 99, 0, [Cpu, Cuda0]).Devices, Is.Empty);
    }

    [Test]
    public void Choose_BackendWithoutDevice_ExplainsHowToGetOne()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BackendPlan.Choose(GgufBackend.Vulkan, null, 0, [Cpu]));

        Assert.That(error!.Message, Does.Contain("CPU (CPU, Cpu)").And.Contain("mesa-vulkan-drivers").And.Contain("GGML_VK_VISIBLE_DEVICES"));
    }

    [Test]
    public void Choose_MainGpuOutOfRange_SaysHowManyThereAre()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BackendPlan.Choose(GgufBackend.Vulkan, null, 2, [Vulkan0, Vulkan1]));

        Assert.That(error!.Message, Does.Contain("MainGpu is 2").And.Contain("2 device(s)"));
    }
}
