namespace ImageGate.DiskImages.Internal;

/// <summary>A small thread-safe cache of decoded blocks, bounded in bytes; evicts the oldest entries first.</summary>
internal sealed class BoundedCache<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, byte[]> _items = [];
    private readonly Queue<TKey> _order = new();
    private readonly long _capacity;
    private long _bytes;
    private readonly Lock _lock = new();

    public BoundedCache(long capacityBytes) => _capacity = Math.Max(capacityBytes, 1 << 16);

    public byte[] GetOrAdd(TKey key, Func<TKey, byte[]> load)
    {
        lock (_lock)
            if (_items.TryGetValue(key, out var hit)) return hit;
        var value = load(key);
        lock (_lock)
        {
            if (_items.TryGetValue(key, out var other)) return other;
            while (_bytes + value.Length > _capacity && _order.Count > 0)
            {
                var old = _order.Dequeue();
                if (_items.Remove(old, out var gone)) _bytes -= gone.Length;
            }
            _items[key] = value;
            _order.Enqueue(key);
            _bytes += value.Length;
        }
        return value;
    }
}
