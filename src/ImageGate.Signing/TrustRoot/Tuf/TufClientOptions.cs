namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>Where a <see cref="TufClient"/> finds its repository, its first trusted root and its cache.</summary>
public sealed record TufClientOptions
{
    /// <summary>The repository's metadata URL (targets are under <c>targets/</c> below it).</summary>
    public required Uri RepositoryUrl { get; init; }

    /// <summary>The folder holding the trusted metadata and the cached <c>trusted_root.json</c>.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>The initial root metadata (<c>N.root.json</c>) used when the cache has none; null for the embedded
    /// public-good root (only for <see cref="TufClient.PublicGoodUrl"/>).</summary>
    public byte[]? InitialRoot { get; init; }

    /// <summary>Names <see cref="InitialRoot"/> in errors (e.g. its file path).</summary>
    public string InitialRootSource { get; init; } = "initial root";

    /// <summary>The deadline of each HTTP request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
