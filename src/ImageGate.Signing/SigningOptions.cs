using ImageGate.Signing.Keyless;
using ImageGate.Signing.Keys;
using ImageGate.Signing.TrustRoot;

namespace ImageGate.Signing;

/// <summary>How <see cref="BlobSigner"/> signs: with a key (air-gapped; transparency log optional) or keylessly
/// with an identity token (Fulcio certificate; Rekor required), plus optional RFC 3161 timestamps.</summary>
public sealed record SigningOptions
{
    /// <summary>The signing key; null for keyless signing.</summary>
    public SigningKey? Key { get; init; }

    /// <summary>The OIDC identity token for keyless signing.</summary>
    public IdentityToken? IdentityToken { get; init; }

    /// <summary>Fulcio's base URL (keyless).</summary>
    public Uri? FulcioUrl { get; init; }

    /// <summary>Rekor's base URL; null skips the transparency log (key signing only).</summary>
    public Uri? RekorUrl { get; init; }

    /// <summary>The timestamp authority's full URL (e.g. <c>…/api/v1/timestamp</c>); null for none.</summary>
    public Uri? TsaUrl { get; init; }

    /// <summary>The trusted root the new bundle is verified against before it is returned.</summary>
    public TrustedRoot? TrustedRoot { get; init; }

    /// <summary>True when bundles signed with these options carry a transparency-log entry: keyless signing always
    /// (Rekor is required), key signing only when a Rekor URL is given. A key-signed bundle needs no log entry: the
    /// key itself binds it to its signer (air-gapped signing, and key-signed endorsed lists).</summary>
    public bool LogsToTransparencyLog => Key is null || RekorUrl is not null;
}
