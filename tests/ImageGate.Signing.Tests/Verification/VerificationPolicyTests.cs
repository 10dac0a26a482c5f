using System.Security.Cryptography;
using ImageGate.Core.Errors;
using ImageGate.Signing.Keys;
using ImageGate.Signing.Verification;

namespace ImageGate.Signing.Tests.Verification;

public sealed class VerificationPolicyTests
{
    private static readonly byte[] Content = "endorsed list v1\n"u8.ToArray();

    [Fact]
    public void Key_signing_without_a_rekor_logs_nothing_and_keyless_or_rekor_signing_logs()
    {
        using var key = SigningKey.Generate();
        Assert.False(new SigningOptions { Key = key }.LogsToTransparencyLog);
        Assert.True(new SigningOptions { Key = key, RekorUrl = new Uri("https://rekor.example/") }.LogsToTransparencyLog);
        Assert.True(new SigningOptions { FulcioUrl = new Uri("https://fulcio.example/"), RekorUrl = new Uri("https://rekor.example/") }.LogsToTransparencyLog);
    }

    [Fact]
    public async Task A_key_signed_bundle_verifies_under_its_key_signing_policy_without_a_log_entry()
    {
        using var key = SigningKey.Generate();
        var options = new SigningOptions { Key = key };
        var signed = await new BlobSigner(options).SignBytesAsync(Content, TestContext.Current.CancellationToken);
        var bundle = System.Text.Encoding.UTF8.GetBytes(signed.Json);
        var verifier = new BundleVerifier(ImageGate.Signing.TrustRoot.TrustedRoot.PublicGood);
        var artifact = VerificationArtifact.FromSha256(SHA256.HashData(Content));

        var policy = VerificationPolicy.ForKeySigning(options);
        Assert.False(policy.RequireTransparencyLog);
        Assert.Equal(key.PublicKeyDer, policy.PublicKey);
        var result = verifier.Verify(bundle, artifact, policy);
        Assert.Empty(result.LogEntries);

        // The same bundle under the default key policy (a log entry required) is refused.
        var strict = Assert.Throws<VerificationException>(() => verifier.Verify(bundle, artifact, VerificationPolicy.ForPublicKeyPem(key.PublicKeyPem)));
        Assert.Equal("tlog-missing", strict.Reason);
    }

    [Fact]
    public void Key_signing_with_a_rekor_requires_the_log_entry()
    {
        using var key = SigningKey.Generate();
        Assert.True(VerificationPolicy.ForKeySigning(new SigningOptions { Key = key, RekorUrl = new Uri("https://rekor.example/") }).RequireTransparencyLog);
    }

    [Fact]
    public void Keyless_options_have_no_key_policy()
    {
        Assert.Throws<ArgumentException>(() => VerificationPolicy.ForKeySigning(new SigningOptions { FulcioUrl = new Uri("https://fulcio.example/") }));
    }
}
