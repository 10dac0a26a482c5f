namespace ImageGate.Signing;

/// <summary>Signs an artifact's SHA-256 digest and returns a Sigstore bundle (what other projects depend on).</summary>
public interface ISigner
{
    /// <summary>Signs a SHA-256 digest (32 bytes).</summary>
    Task<SignedBundle> SignDigestAsync(byte[] sha256, CancellationToken cancellationToken = default);
}
