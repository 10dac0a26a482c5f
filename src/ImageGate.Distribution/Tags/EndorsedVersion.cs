namespace ImageGate.Distribution.Tags;

/// <summary>One currently endorsed image version (not revoked, not expired) as the signed list records it.</summary>
/// <param name="Repository">The registry repository (<c>vo/debian</c>).</param>
/// <param name="EndorsedTag">Its hyphen-free endorsed tag (<c>12</c>).</param>
/// <param name="ManifestDigest">The image manifest's digest.</param>
/// <param name="Endorsed">When it was endorsed (the newest wins the tag).</param>
public sealed record EndorsedVersion(string Repository, string EndorsedTag, string ManifestDigest, DateTimeOffset Endorsed);
