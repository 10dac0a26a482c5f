namespace ImageGate.Patches;

/// <summary>How a patch check fetches and trusts repository metadata.</summary>
public sealed record PatchCheckOptions
{
    /// <summary>Skip the check (<c>--no-patch-check</c>): the result says so and carries a visible finding.</summary>
    public bool Skip { get; init; }

    /// <summary>Base-URL rewrites (<c>--mirror FROM=TO</c>), applied in order, first match wins.</summary>
    public IReadOnlyList<MirrorRewrite> Mirrors { get; init; } = [];

    /// <summary>An offline copy of the metadata (<c>--metadata-dir</c>): a URL <c>scheme://host/path</c> is read from
    /// <c>DIR/host/path</c>, else <c>DIR/path</c>; nothing is downloaded.</summary>
    public string? MetadataDirectory { get; init; }

    /// <summary>Folder for downloads cached by content hash (SHA-256); null disables the cache.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The clock used for <c>Valid-Until</c> and <c>Date</c> checks.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The HTTP client to use (its handler decides proxies and TLS); null creates one.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Attempts per download (transient network errors, 408, 429, 5xx are retried).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Largest signed release file accepted (<c>InRelease</c>, <c>repomd.xml</c>), in bytes.</summary>
    public long MaxReleaseFileBytes { get; init; } = 16L << 20;

    /// <summary>Largest index accepted, compressed or decompressed (<c>Packages</c>, <c>primary.xml</c>, <c>updateinfo.xml</c>), in bytes.</summary>
    public long MaxIndexBytes { get; init; } = 1L << 30;

    /// <summary>Per-request timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Also fetch repositories that are not security repositories (for <c>info</c> findings about other updates);
    /// a non-security repository that cannot be reached is then only a warning.</summary>
    public bool IncludeNonSecurityRepositories { get; init; } = true;
}
