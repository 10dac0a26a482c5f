using ImageGate.Endorsement.Endorsing;
using ImageGate.Signing.Verification;

namespace ImageGate.Pipeline;

/// <summary>Verifies an image's bundle for <c>endorse</c> (and the pipeline's endorse stage) with ImageGate.Signing's
/// verifier under <paramref name="policy"/>, and hands back what the verification established.</summary>
/// <param name="verifier">The verifier built over the trusted root.</param>
/// <param name="policy">Who must have signed.</param>
public sealed class SigstoreImageVerifier(BundleVerifier verifier, VerificationPolicy policy) : IImageSignatureVerifier
{
    /// <inheritdoc />
    public VerifiedSigner Verify(ReadOnlyMemory<byte> bundleJson, string imagePath, string sha256Hex)
    {
        var artifact = VerificationArtifact.FromFile(imagePath, VerificationArtifact.ParseSha256Hex(sha256Hex));
        var r = verifier.Verify(bundleJson.Span, artifact, policy);
        return new VerifiedSigner
        {
            Identity = r.SubjectAlternativeName,
            Issuer = r.Issuer,
            SourceRepository = r.SourceRepositoryUri,
            SourceRef = r.SourceRepositoryRef,
            PublicKey = r.SubjectAlternativeName is null ? r.PublicKeyHint : null,
            LogIndex = r.LogEntries.Count > 0 ? r.LogEntries[0].LogIndex : null,
        };
    }
}
