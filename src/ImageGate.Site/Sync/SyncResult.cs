namespace ImageGate.Site.Sync;

/// <summary>The outcome of one sync.</summary>
/// <param name="ListVersion">The version of the list the cache now follows.</param>
/// <param name="ListExpires">When that list expires.</param>
/// <param name="Events">The changes made, in order.</param>
/// <param name="Failures">Images that could not be fetched or verified.</param>
/// <param name="Images">Every image the cache knows after the sync.</param>
/// <param name="Deleted">Expired files deleted because they outlived the keep period.</param>
public sealed record SyncResult(long ListVersion, DateTimeOffset ListExpires, IReadOnlyList<SyncEvent> Events,
    IReadOnlyList<SyncFailure> Failures, IReadOnlyList<CachedImage> Images, IReadOnlyList<string> Deleted);
