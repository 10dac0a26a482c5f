using System.Text;
using ImageGate.Signing.TrustRoot;
using ImageGate.Signing.Verification;
using ImageGate.Site.Verification;

namespace ImageGate.Cli.Commands.Site;

/// <summary>Checks a list's Sigstore bundle with ImageGate.Signing's verifier. Keyless lists need the identity, the
/// issuer and a verified transparency-log entry; key-signed lists (air-gapped sites) are anchored in the key alone.</summary>
internal sealed class SigstoreSignatureVerifier(TrustedRoot trustedRoot) : ISignatureVerifier
{
    private readonly BundleVerifier _verifier = new(trustedRoot);

    public Task VerifyAsync(ReadOnlyMemory<byte> content, string bundleJson, SignerIdentity expected, CancellationToken cancellationToken)
    {
        var policy = expected.IsKey
            ? VerificationPolicy.ForPublicKeyPem(expected.PublicKeyPem!) with { RequireTransparencyLog = false }
            : VerificationPolicy.ForIdentity(expected.Identity!, expected.Issuer!);
        _verifier.Verify(Encoding.UTF8.GetBytes(bundleJson), VerificationArtifact.FromBytes(content.ToArray(), "endorsed list"), policy);
        return Task.CompletedTask;
    }
}
