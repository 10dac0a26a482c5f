using System.Text;
using ImageGate.Signing.Verification;
using ImageGate.Site.Verification;

namespace ImageGate.Cli.Commands.Signing;

/// <summary>Checks a list's bundle under the full policy <c>imagegate verify</c> built from its options (identity or
/// regular expression, GitHub workflow extensions, transparency-log requirement).</summary>
internal sealed class PolicySignatureVerifier(BundleVerifier verifier, VerificationPolicy policy) : ISignatureVerifier
{
    public Task VerifyAsync(ReadOnlyMemory<byte> content, string bundleJson, SignerIdentity expected, CancellationToken cancellationToken)
    {
        verifier.Verify(Encoding.UTF8.GetBytes(bundleJson), VerificationArtifact.FromBytes(content.ToArray(), "endorsed list"), policy);
        return Task.CompletedTask;
    }
}
