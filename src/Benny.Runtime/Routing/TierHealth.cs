namespace Benny.Runtime.Routing;

/// <summary>Counts one tier's failures within a window and holds its cooldown. Thread-safe.</summary>
/// <remarks>Reading <see cref="CoolingUntil"/> takes no lock, and no clock reading while no cooldown is pending (every request reads it).</remarks>
internal sealed class TierHealth(int allowedFails, TimeSpan failureWindow, TimeSpan cooldownTime, TimeProvider timeProvider)
{
    private readonly Queue<DateTimeOffset> _failures = new();
    private readonly Lock _lock = new();

    // The end of the cooldown in UTC ticks; 0 when none is pending (never started, or seen to have ended).
    private long _coolingUntilTicks;

    /// <summary>Gets when the cooldown ends, or <see langword="null"/> when the tier is usable now.</summary>
    public DateTimeOffset? CoolingUntil
    {
        get
        {
            long until = Volatile.Read(ref _coolingUntilTicks);
            if (until == 0)
            {
                return null;
            }

            if (timeProvider.GetUtcNow().UtcTicks < until)
            {
                return new DateTimeOffset(until, TimeSpan.Zero);
            }

            // The cooldown is over: forget it, unless a new one started meanwhile.
            Interlocked.CompareExchange(ref _coolingUntilTicks, 0, until);
            return null;
        }
    }

    /// <summary>Records a failure.</summary>
    /// <returns>When a cooldown starts with this failure, its end; otherwise <see langword="null"/>.</returns>
    public DateTimeOffset? RecordFailure()
    {
        lock (_lock)
        {
            DateTimeOffset now = timeProvider.GetUtcNow();
            while (_failures.Count > 0 && _failures.Peek() <= now - failureWindow)
            {
                _failures.Dequeue();
            }

            _failures.Enqueue(now);
            if (_failures.Count <= allowedFails || cooldownTime <= TimeSpan.Zero || now.UtcTicks < Volatile.Read(ref _coolingUntilTicks))
            {
                return null;
            }

            _failures.Clear();
            DateTimeOffset until = now + cooldownTime;
            Volatile.Write(ref _coolingUntilTicks, until.UtcTicks);
            return until;
        }
    }
}
