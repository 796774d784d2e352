namespace Benny.Runtime.Routing;

/// <summary>A bounded map from a request key to a tier; when full, the oldest entry is dropped. Thread-safe.</summary>
internal sealed class DecisionCache(int capacity)
{
    private readonly Dictionary<string, string> _tiers = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    public bool TryGet(string key, out string tier)
    {
        lock (_lock)
        {
            return _tiers.TryGetValue(key, out tier!);
        }
    }

    public void Add(string key, string tier)
    {
        lock (_lock)
        {
            if (_tiers.TryAdd(key, tier))
            {
                _order.Enqueue(key);
                while (_order.Count > capacity)
                {
                    _tiers.Remove(_order.Dequeue());
                }
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _tiers.Count;
            }
        }
    }
}
