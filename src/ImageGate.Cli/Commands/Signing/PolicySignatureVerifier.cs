using System.Text;
using ImageGate.Signing.Verification;
using ImageGate.Site.Verification;

namespace ImageGate.Cli.Commands.Signing;

/// <summary>Checks a list's Sigstore bundle under the full policy the verb built from its identity options
/// (<see cref="IdentityCliOptions"/>: identity or regular expression, issuer, GitHub repository and ref, key, the
/// transparency-log rule). The one <see cref="ISignatureVerifier"/> of <c>verify</c> and the <c>site</c> verbs.</summary>
internal sealed class PolicySignatureVerifier(BundleVerifier verifier, VerificationPolicy policy) : ISignatureVerifier
{
    public Task VerifyAsync(ReadOnlyMemory<byte> content, string bundleJson, SignerIdentity expected, CancellationToken cancellationToken)
    {
        verifier.Verify(Encoding.UTF8.GetBytes(bundleJson), VerificationArtifact.FromBytes(content.ToArray(), "endorsed list"), policy);
        return Task.CompletedTask;
    }

    /// <summary>The expected signer as Site describes it (messages, the X.509 branch), from the options behind the policy.</summary>
    public static SignerIdentity Describe(VerificationPolicyOptions options, VerificationPolicy policy) =>
        options.PublicKeyPem is { } pem
            ? SignerIdentity.Key(pem)
            : SignerIdentity.Keyless(policy.Identity!.SubjectAlternativeName ?? "~/" + policy.Identity.SubjectAlternativeNamePattern + "/",
                policy.Identity.Issuer, policy.Identity.SourceRepositoryUri);
}
