namespace Benny.Runtime.Routing;

/// <summary>Counts one tier's failures within a window and holds its cooldown. Thread-safe.</summary>
internal sealed class TierHealth(int allowedFails, TimeSpan failureWindow, TimeSpan cooldownTime, TimeProvider timeProvider)
{
    private readonly Queue<DateTimeOffset> _failures = new();
    private readonly Lock _lock = new();
    private DateTimeOffset _coolingUntil = DateTimeOffset.MinValue;

    /// <summary>Gets when the cooldown ends, or <see langword="null"/> when the tier is usable now.</summary>
    public DateTimeOffset? CoolingUntil
    {
        get
        {
            lock (_lock)
            {
                return timeProvider.GetUtcNow() < _coolingUntil ? _coolingUntil : null;
            }
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
            if (_failures.Count <= allowedFails || cooldownTime <= TimeSpan.Zero || now < _coolingUntil)
            {
                return null;
            }

            _failures.Clear();
            _coolingUntil = now + cooldownTime;
            return _coolingUntil;
        }
    }
}
