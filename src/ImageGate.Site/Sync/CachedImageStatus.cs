namespace ImageGate.Site.Sync;

/// <summary>Where an image stands in a site's cache.</summary>
public enum CachedImageStatus
{
    /// <summary>Endorsed, downloaded and verified: in <c>images/</c>.</summary>
    Available,

    /// <summary>No longer endorsed (revoked, unlisted, list expired, format no longer wanted): in <c>expired/</c> until deleted.</summary>
    Expired,

    /// <summary>Endorsed but blocked locally: not downloaded, or moved to <c>expired/</c>.</summary>
    Blocked,
}
