namespace ImageGate.Endorsement.Format;

/// <summary>One image version as the repository holds it: its record and, once revoked, its revocation.</summary>
/// <param name="Record">The image record.</param>
/// <param name="Revocation">The revocation record, or null.</param>
public sealed record ListEntry(ImageRecord Record, RevocationRecord? Revocation)
{
    /// <summary>Whether the version is endorsed at <paramref name="now"/>: not revoked and not past its own expiry.</summary>
    public bool IsCurrent(DateTimeOffset now) => Revocation is null && (Record.Expires is null || Record.Expires > now);
}
