namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>What a TUF refresh ended with: the trusted root and the versions and expiry of each role's metadata.</summary>
public sealed record TufUpdateResult
{
    /// <summary>The Sigstore trusted root from the <c>trusted_root.json</c> target.</summary>
    public required TrustedRoot TrustedRoot { get; init; }

    /// <summary>True when everything came from a still-valid cache, without network.</summary>
    public required bool FromCache { get; init; }

    /// <summary>The repository URL.</summary>
    public required Uri RepositoryUrl { get; init; }

    /// <summary>The cache folder.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>Root versions newly fetched and verified in this update (root rotations followed).</summary>
    public required IReadOnlyList<long> RootVersionsFetched { get; init; }

    /// <summary>The trusted root metadata version.</summary>
    public required long RootVersion { get; init; }

    /// <summary>When the root metadata expires.</summary>
    public required DateTimeOffset RootExpires { get; init; }

    /// <summary>The timestamp metadata version.</summary>
    public required long TimestampVersion { get; init; }

    /// <summary>When the timestamp metadata expires (the cache is used offline until then).</summary>
    public required DateTimeOffset TimestampExpires { get; init; }

    /// <summary>The snapshot metadata version.</summary>
    public required long SnapshotVersion { get; init; }

    /// <summary>When the snapshot metadata expires.</summary>
    public required DateTimeOffset SnapshotExpires { get; init; }

    /// <summary>The targets metadata version.</summary>
    public required long TargetsVersion { get; init; }

    /// <summary>When the targets metadata expires.</summary>
    public required DateTimeOffset TargetsExpires { get; init; }

    /// <summary>SHA-256 (hex) of the <c>trusted_root.json</c> target.</summary>
    public required string TargetSha256 { get; init; }

    /// <summary>Length of the <c>trusted_root.json</c> target in bytes.</summary>
    public required long TargetLength { get; init; }

    /// <summary>The cached <c>trusted_root.json</c> file.</summary>
    public required string TargetPath { get; init; }
}
