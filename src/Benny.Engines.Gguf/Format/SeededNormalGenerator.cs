namespace Benny.Engines.Gguf.Format;

/// <summary>
/// Deterministic approximately normal numbers: SplitMix64 uniforms summed four at a time (Irwin-Hall), scaled to unit variance.
/// Only integer and IEEE add/multiply operations are used, so the sequence is identical on every platform; values stay within
/// ±3.47 standard deviations.
/// </summary>
internal sealed class SeededNormalGenerator
{
    private static readonly double Scale = Math.Sqrt(3.0);
    private ulong _state;

    public SeededNormalGenerator(int seed, int stream)
    {
        _state = ((ulong)(uint)seed << 32) ^ (ulong)(uint)stream ^ 0x9E3779B97F4A7C15UL;
        _ = NextUInt64();
    }

    public float Next(float standardDeviation)
    {
        double sum = NextUniform() + NextUniform() + NextUniform() + NextUniform();
        return (float)((sum - 2.0) * Scale * standardDeviation);
    }

    private double NextUniform() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
