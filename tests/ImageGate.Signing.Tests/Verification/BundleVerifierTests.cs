using System.Diagnostics;
using ImageGate.Core.Errors;
using ImageGate.Signing.TrustRoot;
using ImageGate.Signing.Verification;
using ImageGate.Testing.Sigstore;

namespace ImageGate.Signing.Tests.Verification;

/// <summary>The library API other projects use: a verifier built once, a policy per call.</summary>
public sealed class BundleVerifierTests
{
    private static string Case(string name, string file) => Path.Combine(ConformanceSuite.CasesDirectory, name, file);

    [Fact]
    public void One_verifier_checks_several_bundles_with_a_policy_each()
    {
        var verifier = new BundleVerifier(TrustedRoot.PublicGood);
        var artifact = VerificationArtifact.FromFile(Path.Combine(ConformanceSuite.CasesDirectory, "a.txt"));
        var keyless = verifier.VerifyFile(Case("happy-path-v0.3", "bundle.sigstore.json"), artifact,
            VerificationPolicy.ForIdentity(ConformanceSuite.DefaultIdentity, ConformanceSuite.DefaultIssuer));
        Assert.Equal(ConformanceSuite.DefaultIdentity, keyless.SubjectAlternativeName);
        Assert.Equal("https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon", keyless.SourceRepositoryUri);
        Assert.Single(keyless.LogEntries);

        var keyed = verifier.VerifyFile(Case("managed-key-happy-path", "bundle.sigstore.json"), artifact,
            VerificationPolicy.ForPublicKeyFile(Case("managed-key-happy-path", "key.pub")));
        Assert.Null(keyed.SubjectAlternativeName);
        Assert.False(string.IsNullOrEmpty(keyed.PublicKeyHint));
    }

    [Fact]
    public void Workflow_claims_of_the_policy_are_checked()
    {
        var verifier = new BundleVerifier(TrustedRoot.PublicGood);
        var artifact = VerificationArtifact.FromFile(Path.Combine(ConformanceSuite.CasesDirectory, "a.txt"));
        var policy = VerificationPolicy.ForIdentity(new CertificateIdentity
        {
            SubjectAlternativeNamePattern = "https://github\\.com/sigstore-conformance/.*",
            Issuer = ConformanceSuite.DefaultIssuer,
            SourceRepositoryRef = "refs/heads/release",
        });
        var ex = Assert.Throws<VerificationException>(() => verifier.VerifyFile(Case("happy-path-v0.3", "bundle.sigstore.json"), artifact, policy));
        Assert.Equal("identity-ref", ex.Reason);
        Assert.Contains("refs/heads/main", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_regular_expression_identity_is_anchored()
    {
        var verifier = new BundleVerifier(TrustedRoot.PublicGood);
        var artifact = VerificationArtifact.FromFile(Path.Combine(ConformanceSuite.CasesDirectory, "a.txt"));
        var ex = Assert.Throws<VerificationException>(() => verifier.VerifyFile(Case("happy-path-v0.3", "bundle.sigstore.json"), artifact,
            VerificationPolicy.ForIdentity(CertificateIdentity.Pattern("sigstore-conformance", ConformanceSuite.DefaultIssuer))));
        Assert.Equal("identity-san", ex.Reason);
    }

    [Fact]
    public void The_clock_given_to_the_verifier_decides_whether_a_log_entry_is_from_the_future()
    {
        var artifact = VerificationArtifact.FromFile(Path.Combine(ConformanceSuite.CasesDirectory, "a.txt"));
        var policy = VerificationPolicy.ForIdentity(ConformanceSuite.DefaultIdentity, ConformanceSuite.DefaultIssuer);
        var bundle = File.ReadAllBytes(Case("happy-path-v0.3", "bundle.sigstore.json"));
        new BundleVerifier(TrustedRoot.PublicGood, TimeProvider.System).Verify(bundle, artifact, policy);

        var past = new BundleVerifier(TrustedRoot.PublicGood, new FixedClock(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var ex = Assert.Throws<VerificationException>(() => past.Verify(bundle, artifact, policy));
        Assert.Equal(BundleReasons.TlogIntegratedTimeFuture, ex.Reason);
    }

    [Fact]
    public void Verifying_a_bundle_takes_milliseconds_once_warm()
    {
        var verifier = new BundleVerifier(TrustedRoot.PublicGood);
        var bytes = File.ReadAllBytes(Case("happy-path-v0.3", "bundle.sigstore.json"));
        var artifact = VerificationArtifact.FromFile(Path.Combine(ConformanceSuite.CasesDirectory, "a.txt"));
        var policy = VerificationPolicy.ForIdentity(ConformanceSuite.DefaultIdentity, ConformanceSuite.DefaultIssuer);
        verifier.Verify(bytes, artifact, policy);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++) verifier.Verify(bytes, artifact, policy);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"20 verifications took {watch.Elapsed}");
    }

    [Fact]
    public void Hostile_bundles_end_in_a_clear_error()
    {
        var verifier = new BundleVerifier(TrustedRoot.PublicGood);
        var artifact = VerificationArtifact.FromBytes("x"u8.ToArray());
        var policy = VerificationPolicy.ForIdentity("a", "b");
        foreach (var text in new[] { "", "[]", "{\"mediaType\":5}", new string('[', 10000), "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{}}" })
        {
            var ex = Assert.Throws<VerificationException>(() => verifier.Verify(System.Text.Encoding.UTF8.GetBytes(text), artifact, policy));
            Assert.StartsWith("bundle", ex.Reason, StringComparison.Ordinal);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
