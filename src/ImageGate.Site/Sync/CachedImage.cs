using ImageGate.Lists.Reading;

namespace ImageGate.Site.Sync;

/// <summary>One image the cache knows about, as recorded in <c>cache-state.json</c>.</summary>
/// <param name="Image">The image as the list described it.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Path">Its file relative to the cache (<c>images/…</c> or <c>expired/…</c>), null when not downloaded.</param>
/// <param name="Since">When it entered <see cref="Status"/>.</param>
/// <param name="Reason">Why it is expired or blocked (<c>revoked-or-unlisted</c>, <c>list-expired</c>, <c>blocked</c>, <c>format-not-wanted</c>).</param>
/// <param name="PendingEvent">An event whose hook failed, run again by the next sync.</param>
public sealed record CachedImage(SiteImage Image, CachedImageStatus Status, string? Path, DateTimeOffset Since,
    string? Reason = null, SyncEventKind? PendingEvent = null);
