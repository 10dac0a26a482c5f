namespace ImageGate.Signing.TrustRoot;

/// <summary>A transparency log (Rekor) or certificate transparency log of a trusted root.</summary>
/// <param name="BaseUrl">The log's URL.</param>
/// <param name="LogId">The log ID (SHA-256 of the public key, or the key ID the root assigns).</param>
/// <param name="PublicKey">The log's public key (DER SubjectPublicKeyInfo).</param>
/// <param name="KeyDetails">The key type, e.g. <c>PKIX_ECDSA_P256_SHA_256</c> or <c>PKIX_ED25519</c>.</param>
/// <param name="ValidFor">When the key may be used; null when the root gives no window.</param>
public sealed record TransparencyLogInstance(string BaseUrl, byte[] LogId, byte[] PublicKey, string KeyDetails, TimeRange? ValidFor)
{
    /// <summary>True when the key is valid at <paramref name="time"/>.</summary>
    public bool IsValidAt(DateTimeOffset time) => ValidFor is null || ValidFor.Contains(time);
}
