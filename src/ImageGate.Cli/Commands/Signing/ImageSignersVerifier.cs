using System.Text;
using ImageGate.Signing.Verification;
using ImageGate.Site.Verification;

namespace ImageGate.Cli.Commands.Signing;

/// <summary>Site's <see cref="IImageBundleVerifier"/> for several trusted image signers (<c>site sync</c>'s
/// <c>--image-*</c> options and <c>--image-signers</c>): each <see cref="SignerIdentity"/> the sync was given carries
/// its own full policy (identity or regular expression, issuer, GitHub claims, key, transparency-log rule), and a
/// bundle is checked under the policy of the signer Site asks about. Which signer is tried is Site's decision.</summary>
internal sealed class ImageSignersVerifier(BundleVerifier verifier) : IImageBundleVerifier
{
    private readonly Dictionary<SignerIdentity, VerificationPolicy> _policies = new(ReferenceEqualityComparer.Instance);

    /// <summary>Adds a signer and returns the identity to give Site (named <paramref name="name"/>).</summary>
    public SignerIdentity Add(VerificationPolicyOptions options, VerificationPolicy policy, string? name)
    {
        var identity = PolicySignatureVerifier.Describe(options, policy) with { Name = name };
        _policies.Add(identity, policy);
        return identity;
    }

    public Task VerifyImageAsync(string bundleJson, string imagePath, string sha256Hex, SignerIdentity expected, CancellationToken cancellationToken)
    {
        var policy = _policies.TryGetValue(expected, out var p) ? p : throw new InvalidOperationException($"no policy for the image signer {expected.Label}");
        verifier.Verify(Encoding.UTF8.GetBytes(bundleJson), VerificationArtifact.FromFile(imagePath, VerificationArtifact.ParseSha256Hex(sha256Hex)), policy);
        return Task.CompletedTask;
    }
}
