namespace Benny.Engines.Gguf.Inference;

/// <summary>
/// Adapts a context's CPU thread count to what the machine gives it right now: from time to time a few decode steps
/// run with one thread fewer or one more, and the faster count is kept. Used by the decode thread only.
/// </summary>
/// <remarks>
/// <para>
/// Why: llama.cpp splits every step evenly across its threads and waits for the slowest. When another process takes
/// a core, the thread that shares it finishes last and every step waits for it; on the 2-core build machine a 310 MB
/// model then decodes 23 % slower with two threads than with one, while on a quiet machine two threads are 36 %
/// faster (docs/engines/gguf.md). No fixed count is right in both cases, and contention comes and goes.
/// </para>
/// <para>
/// How: a probe compares the mean time of <see cref="Window"/> steps at the current count with that of the same number
/// of steps right after at a neighbouring count (alternating below and above), all with the same batch size so that the
/// times compare. A
/// neighbour faster by more than <see cref="Margin"/> in two probes in a row becomes the count. Probes start <see cref="FirstInterval"/> steps
/// apart and the interval doubles up to <see cref="LongestInterval"/> while the count holds, so a steady machine pays
/// for a slower probe on well under 1 % of its steps; a change of count restarts the short interval.
/// </para>
/// </remarks>
internal sealed class ThreadTuner
{
    /// <summary>Steps measured at each count per probe.</summary>
    internal const int Window = 6;

    /// <summary>How much faster (as a fraction of the current time) a neighbour must be to be taken.</summary>
    internal const double Margin = 0.05;

    /// <summary>Steps between probes at first and after every change.</summary>
    internal const int FirstInterval = 8;

    /// <summary>The most steps between probes.</summary>
    internal const int LongestInterval = 512;

    private readonly int _maximum;
    private readonly long[] _baseline = new long[Window];
    private readonly long[] _probe = new long[Window];
    private int _baselineCount;
    private int _probeCount;
    private int _batchTokens = -1;
    private int _candidate;
    private bool _probeBelowNext = true;
    private int _confirming;
    private int _interval = FirstInterval;
    private int _sinceProbe;

    /// <summary>Creates a tuner for counts 1 to <paramref name="maximum"/>, starting at <paramref name="start"/> (default: the maximum).</summary>
    public ThreadTuner(int maximum, int? start = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, 2);
        int first = start ?? maximum;
        ArgumentOutOfRangeException.ThrowIfLessThan(first, 1, nameof(start));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, maximum, nameof(start));
        _maximum = maximum;
        Current = first;
    }

    /// <summary>Gets the thread count chosen so far.</summary>
    public int Current { get; private set; }

    /// <summary>Gets the thread count the next step should run with: <see cref="Current"/>, or a neighbour while probing.</summary>
    public int Next => _candidate > 0 ? _candidate : Current;

    /// <summary>Gets how many times the chosen count changed.</summary>
    public int Changes { get; private set; }

    /// <summary>Gets how many probes started.</summary>
    public int Probes { get; private set; }

    /// <summary>Records a decode step of <paramref name="batchTokens"/> tokens that took <paramref name="elapsedTicks"/> and ran at <see cref="Next"/> threads.</summary>
    /// <returns><see langword="true"/> when <see cref="Next"/> changed: the caller applies it before the next step.</returns>
    public bool Record(int batchTokens, long elapsedTicks)
    {
        int before = Next;
        if (batchTokens != _batchTokens)
        {
            // A different batch shape takes a different time: start over at the current count.
            _batchTokens = batchTokens;
            _baselineCount = 0;
            _probeCount = 0;
            _candidate = 0;
        }

        if (_candidate > 0)
        {
            _probe[_probeCount++] = elapsedTicks;
            if (_probeCount == Window)
            {
                Decide();
            }
        }
        else
        {
            _baseline[_baselineCount++ % Window] = elapsedTicks;
            _sinceProbe++;
            if (_sinceProbe >= _interval && _baselineCount >= Window)
            {
                StartProbe();
            }
        }

        return Next != before;
    }

    private void StartProbe()
    {
        bool below = _probeBelowNext ? Current > 1 : Current == _maximum;
        _probeBelowNext = !_probeBelowNext;
        _candidate = _confirming > 0 ? _confirming : below ? Current - 1 : Current + 1;
        _probeCount = 0;
        Probes++;
    }

    private void Decide()
    {
        // Means, not medians: under contention a count's cost is its occasional long step (a thread that waited for a
        // core), and a median hides exactly that.
        long current = Sum(_baseline);
        long probe = Sum(_probe);
        if (probe < current * (1 - Margin) && _confirming != _candidate)
        {
            // A first win: under contention a count's steps are fast or very slow by chance, so one lucky window must
            // not move the count. The same neighbour is probed again soon; a second win in a row moves it.
            _confirming = _candidate;
            _interval = FirstInterval;
        }
        else if (probe < current * (1 - Margin))
        {
            Current = _candidate;
            Changes++;
            _confirming = 0;
            _interval = FirstInterval;
            _probe.CopyTo(_baseline, 0);
            _baselineCount = Window;
        }
        else
        {
            _confirming = 0;
            _interval = Math.Min(_interval * 2, LongestInterval);
        }

        _candidate = 0;
        _probeCount = 0;
        _sinceProbe = 0;
    }

    private static long Sum(long[] window)
    {
        long sum = 0;
        foreach (long ticks in window)
        {
            sum += ticks;
        }

        return sum;
    }
}
