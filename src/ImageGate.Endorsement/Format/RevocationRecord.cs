namespace ImageGate.Endorsement.Format;

/// <summary>The revocation of one image version (<c>images/NAME/VERSION/revocation.json</c>).</summary>
public sealed record RevocationRecord
{
    /// <summary>The format version of this record.</summary>
    public int FormatVersion { get; init; } = ListFormat.Version;

    /// <summary>The image name.</summary>
    public required string Name { get; init; }

    /// <summary>The revoked version.</summary>
    public required string Version { get; init; }

    /// <summary>The SHA-256 of the revoked image, when the record was found.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Why it is revoked.</summary>
    public required string Reason { get; init; }

    /// <summary>When (UTC).</summary>
    public required DateTimeOffset Revoked { get; init; }

    /// <summary>Who revoked it.</summary>
    public required string RevokedBy { get; init; }
}
