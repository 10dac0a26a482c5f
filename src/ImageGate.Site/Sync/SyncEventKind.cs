namespace ImageGate.Site.Sync;

/// <summary>The change a hook is told about (<c>IMAGEGATE_EVENT</c>).</summary>
public enum SyncEventKind
{
    /// <summary>An endorsed image is now in the cache (<c>available</c>).</summary>
    Available,

    /// <summary>An image is no longer endorsed and was moved to <c>expired/</c> (<c>expired</c>).</summary>
    Expired,

    /// <summary>An endorsed image is blocked locally (<c>blocked</c>).</summary>
    Blocked,
}
