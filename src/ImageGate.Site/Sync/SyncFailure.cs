namespace ImageGate.Site.Sync;

/// <summary>An image a sync could not bring into the cache; the rest of the sync went on.</summary>
/// <param name="Label">NAME@VERSION.</param>
/// <param name="Reason">A stable reason (<c>image-digest-mismatch</c>, <c>image-size-mismatch</c>, <c>download-failed</c>).</param>
/// <param name="Message">What went wrong.</param>
public sealed record SyncFailure(string Label, string Reason, string Message);
