using Benny.Engines.Gguf.Native;
using Benny.Engines.Gguf.Tests.Support;
using Microsoft.Extensions.AI;

namespace Benny.Engines.Gguf.Tests;

/// <summary>
/// The Vulkan backend gives the CPU backend's greedy text. On a machine without a GPU this runs on Mesa's
/// software device: .ci/run installs mesa-vulkan-drivers, fetches the Vulkan natives, sets
/// GGML_VK_VISIBLE_DEVICES=0 and BENNY_REQUIRE_VULKAN=1 (so the test fails rather than skips there).
/// </summary>
public class GgufVulkanTests
{
    [Test]
    public async Task Greedy_AllLayersOnVulkan_EqualsTheCpuBackend()
    {
        GgufNativeDiagnostics natives = LlamaNativeLibrary.EnsureLoaded(null, null);
        if (!natives.Devices.Any(d => d.Backend == "Vulkan"))
        {
            string why = $"no Vulkan device (natives from {natives.Directory}; devices: {string.Join(", ", natives.Devices.Select(d => d.Name))}). "
                + "Run 'bash build/llama-natives.sh vulkan', install mesa-vulkan-drivers and set GGML_VK_VISIBLE_DEVICES=0, as .ci/run does.";
            if (Environment.GetEnvironmentVariable("BENNY_REQUIRE_VULKAN") == "1")
            {
                Assert.Fail(why);
            }

            Assert.Ignore("Skipped: " + why);
        }

        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 64 };
        string cpuText;
        using (GgufChatClient cpu = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Cpu, Threads = 1, ContextSize = 256 }))
        {
            cpuText = (await cpu.GetResponseAsync("Once upon a time", options)).Text;
        }

        using GgufChatClient vulkan = await GgufChatClient.LoadAsync(TestPaths.Stories260K, new GgufEngineOptions { Backend = GgufBackend.Vulkan, GpuLayers = -1, Threads = 1, ContextSize = 256 });
        string vulkanText = (await vulkan.GetResponseAsync("Once upon a time", options)).Text;

        TestContext.Out.WriteLine($"Vulkan device: {vulkan.Info.Devices.Single().Description}; plan: {vulkan.Info.Backend}, layers {vulkan.Info.GpuLayers}");
        Assert.That(vulkan.Info.Backend, Is.EqualTo(GgufBackend.Vulkan));
        Assert.That(vulkanText, Is.EqualTo(cpuText));
    }
}
