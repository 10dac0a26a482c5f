using ImageGate.Signing.Keyless;
using ImageGate.Signing.Keys;
using ImageGate.Signing.TrustRoot;
using ImageGate.Signing.Verification;

namespace ImageGate.Pipeline;

/// <summary>How the pipeline signs each image that passed its scan, and whom its endorse stage expects as signer.</summary>
public sealed record PipelineSigning
{
    /// <summary>The key for key signing (owned by the caller); null signs keylessly with <see cref="IdentityToken"/>.</summary>
    public SigningKey? Key { get; init; }

    /// <summary>Gets the OIDC identity token for keyless signing when the sign stage starts (a token fetched before a
    /// long build could expire).</summary>
    public Func<CancellationToken, Task<IdentityToken>>? IdentityToken { get; init; }

    /// <summary>Fulcio (keyless).</summary>
    public Uri? FulcioUrl { get; init; }

    /// <summary>Rekor; with key signing null logs nothing (and the endorse stage then accepts no log entry).</summary>
    public Uri? RekorUrl { get; init; }

    /// <summary>The timestamp authority, or null.</summary>
    public Uri? TsaUrl { get; init; }

    /// <summary>The trusted root of the signing services, resolved once when first needed.</summary>
    public required Func<CancellationToken, Task<TrustedRoot>> TrustedRoot { get; init; }

    /// <summary>The keyless signer the endorse stage verifies each fresh bundle against (ignored with <see cref="Key"/>,
    /// whose public half is expected instead).</summary>
    public VerificationPolicyOptions? ExpectedSigner { get; init; }
}
