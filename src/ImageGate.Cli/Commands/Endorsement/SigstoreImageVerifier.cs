using ImageGate.Endorsement.Endorsing;
using ImageGate.Signing.Verification;

namespace ImageGate.Cli.Commands.Endorsement;

/// <summary>Verifies an image's bundle for <c>endorse</c> with ImageGate.Signing's verifier under the policy of the
/// verb's identity options, and hands back what the verification established.</summary>
internal sealed class SigstoreImageVerifier(BundleVerifier verifier, VerificationPolicy policy) : IImageSignatureVerifier
{
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
