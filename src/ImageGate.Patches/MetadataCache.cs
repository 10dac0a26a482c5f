using System.Collections.Concurrent;

namespace ImageGate.Patches;

/// <summary>Repository metadata shared by the patch checks of one run (<c>recheck</c> of many images): each file is
/// downloaded once per URL, and each repository's verified indexes are parsed once per signed release file (keyed by
/// repository URL, suite, components, architectures and the release file's digest). The signature and freshness of the
/// release file are still checked for every image with the keys that image trusts. Create one per run; thread-safe.</summary>
public sealed class MetadataCache
{
    private readonly ConcurrentDictionary<string, Lazy<Task<object?>>> _entries = new(StringComparer.Ordinal);
    private int _downloads;

    /// <summary>How many files were really downloaded (or read) through this cache: one per URL per run.</summary>
    public int Downloads => _downloads;

    /// <summary>The value stored under <paramref name="key"/>, made by <paramref name="factory"/> the first time. A failure
    /// is kept too (the same repository is not asked again in this run), except a cancellation.</summary>
    internal async Task<T> GetOrAddAsync<T>(string key, Func<Task<T>> factory)
    {
        var entry = _entries.GetOrAdd(key, _ => new Lazy<Task<object?>>(async () => await factory().ConfigureAwait(false)));
        try
        {
            return (T)(await entry.Value.ConfigureAwait(false))!;
        }
        catch (OperationCanceledException)
        {
            _entries.TryRemove(new KeyValuePair<string, Lazy<Task<object?>>>(key, entry));
            throw;
        }
    }

    internal void CountDownload() => Interlocked.Increment(ref _downloads);
}
