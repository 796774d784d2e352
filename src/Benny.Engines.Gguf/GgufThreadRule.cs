namespace Benny.Engines.Gguf;

/// <summary>
/// The default CPU thread count of the GGUF engine, from measurements (docs/engines/gguf.md): small models
/// are dominated by per-token synchronisation, so one thread is fastest; larger ones gain from every physical
/// core; more threads than cores (oversubscription, hyper-threads included) costs far more than it gains.
/// </summary>
public static class GgufThreadRule
{
    /// <summary>Below this size of weights a model decodes fastest on one thread.</summary>
    public const long SingleThreadBelowBytes = 64L * 1024 * 1024;

    /// <summary>Chooses the thread count for this machine.</summary>
    /// <param name="weightBytes">The size of the model's weights.</param>
    /// <returns>At least 1.</returns>
    public static int Choose(long weightBytes) => Choose(weightBytes, Environment.ProcessorCount, PhysicalCoreCount());

    /// <summary>Chooses the thread count.</summary>
    /// <param name="weightBytes">The size of the model's weights.</param>
    /// <param name="processorCount">The logical processors available to the process (<see cref="Environment.ProcessorCount"/>, which honours container limits).</param>
    /// <param name="physicalCores">The physical cores of the machine, or <see langword="null"/> when unknown.</param>
    /// <returns>At least 1.</returns>
    public static int Choose(long weightBytes, int processorCount, int? physicalCores)
        => weightBytes < SingleThreadBelowBytes ? 1 : Math.Max(1, Math.Min(processorCount, physicalCores ?? processorCount));

    /// <summary>Counts physical cores from Linux's CPU topology (hyper-thread siblings count once); <see langword="null"/> elsewhere or when unreadable.</summary>
    internal static int? PhysicalCoreCount(string cpuRoot = "/sys/devices/system/cpu")
    {
        try
        {
            var cores = new HashSet<string>(StringComparer.Ordinal);
            foreach (string cpu in Directory.EnumerateDirectories(cpuRoot, "cpu*"))
            {
                string siblings = Path.Combine(cpu, "topology", "thread_siblings_list");
                if (File.Exists(siblings))
                {
                    cores.Add(File.ReadAllText(siblings).Trim());
                }
            }

            return cores.Count > 0 ? cores.Count : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
