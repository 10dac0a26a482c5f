namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>The stable reason codes of the TUF client: what a <see cref="TufRepositoryException"/> (exit 1) or a
/// <see cref="TufUnavailableException"/> (exit 3, <see cref="Unreachable"/> and <see cref="Missing"/>) carries. Codes for
/// a role are <c>tuf-ROLE-signature</c>, <c>tuf-ROLE-hash</c>, <c>tuf-ROLE-version</c> and <c>tuf-ROLE-expired</c>.</summary>
public static class TufReasons
{
    /// <summary><c>tuf-metadata-malformed</c>.</summary>
    public const string MetadataMalformed = "tuf-metadata-malformed";

    /// <summary><c>tuf-missing</c>.</summary>
    public const string Missing = "tuf-missing";

    /// <summary><c>tuf-rollback</c>.</summary>
    public const string Rollback = "tuf-rollback";

    /// <summary><c>tuf-root-expired</c>.</summary>
    public const string RootExpired = "tuf-root-expired";

    /// <summary><c>tuf-root-signature</c>.</summary>
    public const string RootSignature = "tuf-root-signature";

    /// <summary><c>tuf-root-version</c>.</summary>
    public const string RootVersion = "tuf-root-version";

    /// <summary><c>tuf-snapshot-expired</c>.</summary>
    public const string SnapshotExpired = "tuf-snapshot-expired";

    /// <summary><c>tuf-snapshot-hash</c>.</summary>
    public const string SnapshotHash = "tuf-snapshot-hash";

    /// <summary><c>tuf-snapshot-signature</c>.</summary>
    public const string SnapshotSignature = "tuf-snapshot-signature";

    /// <summary><c>tuf-snapshot-version</c>.</summary>
    public const string SnapshotVersion = "tuf-snapshot-version";

    /// <summary><c>tuf-target-hash</c>.</summary>
    public const string TargetHash = "tuf-target-hash";

    /// <summary><c>tuf-target-length</c>.</summary>
    public const string TargetLength = "tuf-target-length";

    /// <summary><c>tuf-target-missing</c>.</summary>
    public const string TargetMissing = "tuf-target-missing";

    /// <summary><c>tuf-targets-expired</c>.</summary>
    public const string TargetsExpired = "tuf-targets-expired";

    /// <summary><c>tuf-targets-hash</c>.</summary>
    public const string TargetsHash = "tuf-targets-hash";

    /// <summary><c>tuf-targets-signature</c>.</summary>
    public const string TargetsSignature = "tuf-targets-signature";

    /// <summary><c>tuf-targets-version</c>.</summary>
    public const string TargetsVersion = "tuf-targets-version";

    /// <summary><c>tuf-timestamp-expired</c>.</summary>
    public const string TimestampExpired = "tuf-timestamp-expired";

    /// <summary><c>tuf-timestamp-signature</c>.</summary>
    public const string TimestampSignature = "tuf-timestamp-signature";

    /// <summary><c>tuf-too-large</c>.</summary>
    public const string TooLarge = "tuf-too-large";

    /// <summary><c>tuf-unreachable</c>.</summary>
    public const string Unreachable = "tuf-unreachable";
}
