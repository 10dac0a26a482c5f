namespace ImageGate.Site.Verification;

/// <summary>The last endorsed list a site accepted: what rollback and reuse checks compare against.</summary>
/// <param name="Version">The accepted list's version.</param>
/// <param name="Sha256">SHA-256 of the accepted list's bytes (lower-case hex).</param>
/// <param name="Created">The accepted list's <c>created</c>.</param>
/// <param name="Expires">The accepted list's <c>expires</c>.</param>
/// <param name="AcceptedAt">When it was accepted.</param>
public sealed record ListState(long Version, string Sha256, DateTimeOffset Created, DateTimeOffset Expires, DateTimeOffset AcceptedAt);
