using ImageGate.Core.Outcomes;
using ImageGate.Site.Verification;

namespace ImageGate.Site.Sync;

/// <summary>The outcome of one sync.</summary>
/// <param name="ListVersion">The version of the list the cache now follows.</param>
/// <param name="ListExpires">When that list expires.</param>
/// <param name="Events">The changes made, in order.</param>
/// <param name="Failures">Images that could not be fetched or verified.</param>
/// <param name="Images">Every image the cache knows after the sync.</param>
/// <param name="Deleted">Expired files deleted because they outlived the keep period.</param>
public sealed record SyncResult(long ListVersion, DateTimeOffset ListExpires, IReadOnlyList<SyncEvent> Events,
    IReadOnlyList<SyncFailure> Failures, IReadOnlyList<CachedImage> Images, IReadOnlyList<string> Deleted)
{
    /// <summary><see cref="Outcome.GateFailed"/> when a downloaded image's digest or size differs from the list's, or
    /// its attached Sigstore bundle does not verify (a verification failed); else <see cref="Outcome.Incomplete"/> when an image could not be fetched or a hook failed;
    /// else <see cref="Outcome.Passed"/>.</summary>
    public Outcome Outcome =>
        Failures.Any(f => f.Reason is ListReasons.ImageDigestMismatch or ListReasons.ImageSizeMismatch or ListReasons.ImageSignatureInvalid) ? Outcome.GateFailed
        : Failures.Count > 0 || Events.Any(e => e.HookError is not null) ? Outcome.Incomplete
        : Outcome.Passed;
}
