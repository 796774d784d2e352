namespace Benny.Engines.Gguf;

/// <summary>
/// The default CPU thread count of the GGUF engine, from measurements (docs/engines/gguf.md): small models
/// are dominated by per-token synchronisation, so one thread is fastest; larger ones scale with the cores,
/// but never beyond them (oversubscribing a core costs far more than it gains).
/// </summary>
public static class GgufThreadRule
{
    /// <summary>Below this size of weights a model decodes fastest on one thread.</summary>
    public const long SingleThreadBelowBytes = 64L * 1024 * 1024;

    /// <summary>Chooses the thread count.</summary>
    /// <param name="weightBytes">The size of the model's weights.</param>
    /// <param name="processorCount">The logical processors available to the process (<see cref="Environment.ProcessorCount"/>).</param>
    /// <returns>At least 1.</returns>
    public static int Choose(long weightBytes, int processorCount)
        => weightBytes < SingleThreadBelowBytes ? 1 : Math.Max(1, processorCount);
}
